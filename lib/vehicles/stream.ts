import "server-only";
import { storedCard, type CardState } from "@/lib/vehicles/card";
import { listLinks } from "@/lib/vehicles/links";
import { subscribeToVehicleUpdates, type VehicleUpdate } from "@/lib/vehicles/live";
import { readStoredVehicles } from "@/lib/vehicles/readings";

// GET /vehicles/live: Server-Sent Events for one signed-in user's open /vehicles page. Each event is
// the stored state of one of the user's vehicles after a webhook changed it; the browser's
// EventSource reconnects by itself (https://html.spec.whatwg.org/multipage/server-sent-events.html).

export type VehicleEvent = { vehicleId: string } & CardState;

const HEARTBEAT_MS = 20_000;
const LISTEN_WAIT_MS = 5_000;
const encoder = new TextEncoder();

export function vehicleEventStream(userId: string, abort: AbortSignal): ReadableStream<Uint8Array> {
  let stop = () => undefined as void;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          stop();
        }
      };
      // Only this user's vehicles: the owners of their links, re-read when an unknown owner shows up
      // (a vehicle connected since the page opened).
      let owners = new Set((await listLinks(userId).catch(() => [])).map((l) => l.smartcarUserId));
      const onUpdate = async ({ vehicleId, smartcarUserId }: VehicleUpdate) => {
        if (!owners.has(smartcarUserId)) {
          owners = new Set((await listLinks(userId).catch(() => [])).map((l) => l.smartcarUserId));
          if (!owners.has(smartcarUserId)) return;
        }
        const stored = await readStoredVehicles([vehicleId]).catch(() => null);
        if (!stored) return;
        const event: VehicleEvent = { vehicleId, ...storedCard(stored.get(vehicleId)!) };
        send(`event: vehicle\ndata: ${JSON.stringify(event)}\n\n`);
      };
      const { unsubscribe, listening } = subscribeToVehicleUpdates(
        (update) => void onUpdate(update),
      );
      const heartbeat = setInterval(() => send(": keep-alive\n\n"), HEARTBEAT_MS);
      stop = () => {
        unsubscribe();
        clearInterval(heartbeat);
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      abort.addEventListener("abort", () => stop(), { once: true });
      // The page follows its vehicles from here on, so say so only once updates reach this stream
      // (a delivery in between would be missed); a database that does not answer holds it back at
      // most LISTEN_WAIT_MS.
      await Promise.race([
        listening,
        new Promise((resolve) => setTimeout(resolve, LISTEN_WAIT_MS)),
      ]);
      send("retry: 3000\n\n");
    },
    cancel() {
      stop();
    },
  });
}
