// The .env files, as Next.js reads them (@next/env), for the launchers. A variable left empty
// (`EMULATOR_PORT=`, as .env.example lists them) counts as unset, as lib/config.ts treats it.
import nextEnv from "@next/env";

/** Loads `.env*` from `root` (the development files too when `dev`), then drops empty values. */
export function loadEnv(root, dev) {
  const loaded = nextEnv.loadEnvConfig(root, dev);
  for (const [name, value] of Object.entries(process.env))
    if (value === "") delete process.env[name];
  return loaded;
}
