import "server-only";
import { isDevelopmentBuild } from "@/lib/config";

/**
 * The /doctor page runs under `next dev` only: it tells which secrets are set and reaches the
 * database and Smartcar on every request, which no production build may offer anyone, whatever
 * NODE_ENV it is started with.
 */
export function doctorPageIsOpen(): boolean {
  return isDevelopmentBuild();
}
