import { inject } from "vitest";

// lib/ reads its configuration from the environment, once: point it at this run's database.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.SESSION_SECRET ??= "integration-tests-session-secret-0123456789";
