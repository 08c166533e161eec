import "server-only";
import { getConfig } from "@/lib/config";
import { db } from "@/lib/db";
import { hashOf, liveSessionWhere } from "@/lib/session-store";
import { storedCard, type CardState } from "@/lib/vehicles/card";
import { subscribeToVehicleUpdates, type VehicleUpdate } from "@/lib/vehicles/live";

// GET /vehicles/live: Server-Sent Events for one signed-in user's open /vehicles page. Each event is
// the stored state of one of the user's vehicles after it changed; the browser's EventSource
// reconnects by itself (docs/references.md [whatwg-sse]).
//
// A stream lives no longer than its session: every heartbeat, one query per instance checks the
// sessions of all its open streams, and a stream whose session was signed out (here or everywhere)
// or expired ends; its reconnection is then refused with 401. Streams also end after
// MAX_LIFETIME_MS (the browser reconnects, and its session is checked again), and each instance
// holds at most LIVE_STREAMS_PER_INSTANCE of them, LIVE_STREAMS_PER_USER per user.

export type VehicleEvent = { vehicleId: string } & CardState;

export const HEARTBEAT_MS = 20_000;
const MAX_LIFETIME_MS = 15 * 60_000;
const LISTEN_WAIT_MS = 5_000;
const encoder = new TextEncoder();

type OpenStream = {
  userId: string;
  sessionHash: string;
  send: (text: string) => void;
  end: () => void;
};
type Registry = {
  streams: Set<OpenStream>;
  perUser: Map<string, number>;
  timer: NodeJS.Timeout | null;
};
const state = globalThis as unknown as { liveStreams?: Registry };
const streamRegistry = (): Registry =>
  (state.liveStreams ??= { streams: new Set(), perUser: new Map(), timer: null });

/** How many streams this instance holds, for the bench and the doctor. */
export const openStreamCount = () => streamRegistry().streams.size;

/** The open streams whose session is no longer live: one query for all of them. */
async function endSignedOutStreams(): Promise<void> {
  const streams = [...streamRegistry().streams];
  if (!streams.length) return;
  // The same conditions as every request's check (lib/session-store.ts), for many sessions at once.
  const rows = await db().session.findMany({
    where: {
      ...liveSessionWhere(new Date()),
      tokenHash: { in: [...new Set(streams.map((stream) => stream.sessionHash))] },
    },
    select: { tokenHash: true, userId: true },
  });
  const alive = new Set(rows.map((row) => `${row.tokenHash} ${row.userId}`));
  for (const stream of streams)
    if (!alive.has(`${stream.sessionHash} ${stream.userId}`)) stream.end();
}

function startHeartbeat(registry: Registry) {
  registry.timer ??= setInterval(async () => {
    // The database away: streams stay (nothing reaches them then), checked at the next beat.
    await endSignedOutStreams().catch(() => undefined);
    for (const stream of registry.streams) stream.send(": keep-alive\n\n");
  }, HEARTBEAT_MS);
  registry.timer.unref();
}

export type StreamOpening =
  | { kind: "open"; stream: ReadableStream<Uint8Array> }
  /** This user already has LIVE_STREAMS_PER_USER streams on this instance. */
  | { kind: "user-full" }
  /** This instance holds LIVE_STREAMS_PER_INSTANCE streams. */
  | { kind: "instance-full" };

export function openVehicleStream(
  user: { id: string; sessionId: string },
  abort: AbortSignal,
): StreamOpening {
  const registry = streamRegistry();
  const { streamsPerUser, streamsPerInstance } = getConfig().vehicles;
  if (registry.streams.size >= streamsPerInstance) return { kind: "instance-full" };
  if ((registry.perUser.get(user.id) ?? 0) >= streamsPerUser) return { kind: "user-full" };
  registry.perUser.set(user.id, (registry.perUser.get(user.id) ?? 0) + 1);

  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let ended = false;
  const unsubscribe = { now: () => undefined as void };
  const lifetime = setTimeout(() => open.end(), MAX_LIFETIME_MS + Math.random() * 60_000);
  lifetime.unref();
  const open: OpenStream = {
    userId: user.id,
    sessionHash: hashOf(user.sessionId),
    send: (text) => {
      if (ended) return;
      try {
        controller.enqueue(encoder.encode(text));
      } catch {
        open.end();
      }
    },
    end: () => {
      if (ended) return;
      ended = true;
      unsubscribe.now();
      clearTimeout(lifetime);
      registry.streams.delete(open);
      const left = (registry.perUser.get(user.id) ?? 1) - 1;
      if (left > 0) registry.perUser.set(user.id, left);
      else registry.perUser.delete(user.id);
      if (!registry.streams.size && registry.timer) {
        clearInterval(registry.timer);
        registry.timer = null;
      }
      try {
        controller.close();
      } catch {
        // already closed
      }
    },
  };
  registry.streams.add(open);
  startHeartbeat(registry);
  // A request whose browser left while its session was read is aborted already: a listener added
  // now would never run, and the stream would hold its slot until its lifetime ends.
  if (abort.aborted) open.end();
  else abort.addEventListener("abort", () => open.end(), { once: true });

  const stream = new ReadableStream<Uint8Array>({
    async start(streamController) {
      controller = streamController;
      if (ended) return streamController.close();
      // Only this user's vehicles: updates come keyed by the users they are for (lib/vehicles/live.ts).
      const onUpdate = ({ vehicleId, stored }: VehicleUpdate) => {
        const event: VehicleEvent = { vehicleId, ...storedCard(stored) };
        open.send(`event: vehicle\ndata: ${JSON.stringify(event)}\n\n`);
      };
      const subscription = subscribeToVehicleUpdates(user.id, onUpdate);
      unsubscribe.now = subscription.unsubscribe;
      if (ended) subscription.unsubscribe();
      // The page follows its vehicles from here on, so say so only once updates reach this stream
      // (a delivery in between would be missed); a database that does not answer holds it back at
      // most LISTEN_WAIT_MS.
      await Promise.race([
        subscription.listening,
        new Promise((resolve) => setTimeout(resolve, LISTEN_WAIT_MS)),
      ]);
      open.send("retry: 3000\n\n");
    },
    cancel() {
      open.end();
    },
  });
  return { kind: "open", stream };
}
