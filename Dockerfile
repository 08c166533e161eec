# syntax=docker/dockerfile:1
# A production image: `next build` with output "standalone", run as a non-root user.
#
#   docker build -t smartcar-connect .
#   docker build --target migrate -t smartcar-connect-migrate .
#   docker run --rm -e DATABASE_URL=... smartcar-connect-migrate          # prisma migrate deploy
#   docker run -p 3000:3000 -e DATABASE_URL=... -e SESSION_SECRET=... -e APP_URL=https://... \
#     -e SMARTCAR_APPLICATION_ID=... -e SMARTCAR_CLIENT_ID=... -e SMARTCAR_CLIENT_SECRET=... \
#     smartcar-connect

# Node 24 LTS: Node 20 reached its end of life on 2026-04-30 and gets no security fixes.
ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS deps
WORKDIR /app
# The install runs `prisma generate`, which needs the schema and the config; the schema-engine
# stand-in (prisma/schema-engine) is a package of the install.
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
RUN npm ci --no-audit --no-fund

FROM ${NODE_IMAGE} AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1 NEXT_OUTPUT=standalone
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npx prisma generate && npx next build

# `prisma migrate deploy`, to run once before each new version starts; as a non-root user too.
FROM build AS migrate
ENV NODE_ENV=production
RUN groupadd --system --gid 1001 app && useradd --system --uid 1001 --gid app --no-create-home app
USER app
ENV HOME=/tmp
CMD ["node_modules/.bin/prisma", "migrate", "deploy"]

FROM ${NODE_IMAGE} AS runner
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3000 HOSTNAME=0.0.0.0
RUN groupadd --system --gid 1001 app && useradd --system --uid 1001 --gid app --no-create-home app
COPY --from=build --chown=app:app /app/.next/standalone ./
COPY --from=build --chown=app:app /app/.next/static ./.next/static
COPY --from=build --chown=app:app /app/public ./public
# The socket's address as the last X-Forwarded-For entry, before Next.js sees a request.
COPY --from=build --chown=app:app /app/scripts/socket-address.mjs ./socket-address.mjs
USER app
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s CMD ["node", "-e", "fetch('http://127.0.0.1:3000/healthz/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--import", "./socket-address.mjs", "server.js"]
