// Prisma CLI configuration (docs/references.md [prisma-config]).
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";

// Prisma's CLI downloads a native schema engine on install. Where it could not (no access to
// Prisma's binaries host, or install scripts not allowed), the CLI is pointed at our stand-in that
// runs the same engine compiled to WebAssembly. A native engine, or one the user names with
// PRISMA_SCHEMA_ENGINE_BINARY, always wins.
function hasNativeSchemaEngine(): boolean {
  const dir = path.join(import.meta.dirname, "node_modules", "@prisma", "engines");
  return existsSync(dir) && readdirSync(dir).some((f) => f.startsWith("schema-engine-"));
}
if (!process.env.PRISMA_SCHEMA_ENGINE_BINARY && !hasNativeSchemaEngine()) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(
    import.meta.dirname,
    "prisma",
    "schema-engine",
    "schema-engine.mjs",
  );
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: {
    url: process.env.DATABASE_URL,
    shadowDatabaseUrl: process.env.SHADOW_DATABASE_URL,
  },
});
