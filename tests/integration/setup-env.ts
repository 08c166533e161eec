import { inject } from "vitest";

// lib/ reads its configuration from the environment, once: point it at this run's database and
// the server's session secret.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.SESSION_SECRET = inject("sessionSecret");
// The Smartcar client of lib/ (lib/smartcar/index.ts) reaches this run's emulator, as the server does.
process.env.EMULATOR_PORT = new URL(inject("emulatorUrl")).port;
