import { ConfigError, loadConfig } from "./config";
import { createEmulator } from "./emulator";

// Entry point: `node --import tsx emulator/server.ts`. Reads the environment (see README.md),
// listens, prints one line, and stops cleanly on SIGTERM or SIGINT after writing its state.

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exit(1);
}

const emulator = createEmulator(config);
try {
  await emulator.start();
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(
    code === "EADDRINUSE"
      ? `EADDRINUSE: ${config.host}:${config.port} is already in use (EMULATOR_PORT)`
      : `Could not listen on ${config.host}:${config.port}: ${String(error)}`,
  );
  process.exit(1);
}
const { port } = emulator.server.address() as { port: number };
console.log(`Smartcar emulator on http://${config.host}:${port}`);
// What the app's configuration needs, as a Smartcar Dashboard shows it (README, "Identifiers").
console.log(
  `  Application ID ${config.applicationId} (Connect), client id ${config.clientId} (token)`,
);

let stopping = false;
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void emulator.stop().then(() => process.exit(0));
  });
}
