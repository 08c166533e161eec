declare module "*/scripts/embedded-postgres.mjs" {
  export function startEmbeddedPostgres(options: {
    dataDir: string | null;
    port?: number;
  }): Promise<{
    url: string;
    port: number;
    stop: () => Promise<void>;
  }>;
  export function findRunningEmbeddedPostgres(
    dataDir: string,
  ): Promise<{ pid: number; url: string | null; port: number | null } | null>;
}
declare module "*/scripts/prisma.mjs" {
  export function runPrisma(
    args: string[],
    options?: { env?: NodeJS.ProcessEnv; quiet?: boolean | "unless-failed" },
  ): Promise<number>;
}
declare module "*/scripts/emulator.mjs" {
  export function startEmulator(options: {
    port: number;
    dataDir: string;
    redirectUris: string[];
    webhookUrl?: string;
    env?: Record<string, string>;
    output?: "inherit" | "ignore";
  }): Promise<{ url: string; stop: () => Promise<void> }>;
}
declare module "*/scripts/session-cookie.mjs" {
  export function sessionCookies(
    client: { query: (sql: string, values: unknown[]) => Promise<unknown> },
    secret: string,
    users: { userId: string; email: string; connectState?: string }[],
  ): Promise<string[]>;
}
declare module "*/scripts/test-skips.mjs" {
  export function unexplainedVitestSkips(report: unknown, label: string): string[];
  export function unexplainedPlaywrightSkips(report: unknown): string[];
}
declare module "*/scripts/ports.mjs" {
  export function ensurePortFree(port: number, what?: string): Promise<void>;
  export function stopChild(
    child: import("node:child_process").ChildProcess,
    graceMs?: number,
  ): Promise<void>;
}
