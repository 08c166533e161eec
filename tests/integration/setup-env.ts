import { inject } from "vitest";

// lib/ reads its configuration from the environment, once: point it at this run's database and
// the server's session secret.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.SESSION_SECRET = inject("sessionSecret");
