import { ConfigError, EMULATOR_REFUSED, getConfig, isDevelopmentBuild } from "@/lib/config";
import { startRetentionTimer } from "@/lib/retention";

// A bad configuration stops the server at start with a message naming the variable, instead of
// failing requests later.
try {
  const config = getConfig();
  // A production build started with another NODE_ENV (`next start` keeps the one it is given)
  // must not fall back to the emulator, whose management token is public, either. Here
  // `process.env.NODE_ENV` is the build's own: `next build` writes in "production".
  if (
    !isDevelopmentBuild() &&
    config.emulatorMode &&
    process.env.NEXT_PHASE !== "phase-production-build" &&
    process.env.SMARTCAR_EMULATOR !== "true"
  ) {
    throw new ConfigError(
      `Invalid configuration:\n  SMARTCAR_APPLICATION_ID is required by a production build, ${EMULATOR_REFUSED}`,
    );
  }
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  console.error(`\n${error.message}\n\nSee .env.example for every variable.\n`);
  process.exit(1);
}

// `next build` loads instrumentation too, to collect page data: no timers there.
if (process.env.NEXT_PHASE !== "phase-production-build") startRetentionTimer();
