import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // A self-contained server in .next/standalone for the container image (see Dockerfile).
  output: "standalone",
  reactStrictMode: true,
  // Keep the Prisma driver and the embedded database out of the server bundle.
  serverExternalPackages: ["@prisma/client", "@prisma/adapter-pg", "pg", "@electric-sql/pglite", "@electric-sql/pglite-socket"],
};

export default nextConfig;
