import "server-only";
import { notFound } from "next/navigation";
import { getConfig } from "@/lib/config";

/** The emulator does not exist where it is off (production, unless SMARTCAR_EMULATOR=on). */
export function requireEmulator(): void {
  if (!getConfig().emulatorEnabled) notFound();
}

export function emulatorDisabledResponse(): Response | null {
  return getConfig().emulatorEnabled ? null : new Response("Not found", { status: 404, headers: { "Content-Type": "text/plain" } });
}
