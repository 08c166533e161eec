import { ConfigError, getConfig } from "@/lib/config";
import { startRetentionTimer } from "@/lib/retention";

// A bad configuration stops the server at start with a message naming the variable, instead of
// failing requests later.
try {
  getConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`\n${error.message}\n\nSee .env.example for every variable.\n`);
  process.exit(1);
}

// `next build` loads instrumentation too, to collect page data: no timers there.
if (process.env.NEXT_PHASE !== "phase-production-build") startRetentionTimer();
