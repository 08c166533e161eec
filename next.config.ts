import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Partial Prerendering: what is the same for everyone is prerendered at build time and served
  // from the build; only a person's own data streams in, and the header asks GET /session in the
  // browser (docs/architecture.md, "Rendering"; docs/references.md [next-cache-components]).
  cacheComponents: true,
  partialPrefetching: true,
  // A self-contained server in .next/standalone for the container image (the Dockerfile sets
  // NEXT_OUTPUT=standalone); `npm start` runs `next start`, which standalone output does not support.
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  experimental: {
    // The stylesheet is small: inlined, it no longer blocks the first paint.
    inlineCss: true,
  },
  reactStrictMode: true,
  // Keep the Prisma driver and the embedded database out of the server bundle.
  serverExternalPackages: [
    "@prisma/client",
    "@prisma/adapter-pg",
    "pg",
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
  ],
};

export default nextConfig;
