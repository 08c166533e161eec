"use client";

import type { VehicleEvent } from "@/lib/vehicles/stream";

// One EventSource for the page, shared by every card: GET /vehicles/live. The browser reconnects by
// itself after a drop (the server asks for 3 s).

type Listener = (event: VehicleEvent) => void;
const listeners = new Map<string, Set<Listener>>();
let source: EventSource | null = null;

function open(): void {
  source = new EventSource("/vehicles/live");
  source.addEventListener("vehicle", (message) => {
    try {
      const event = JSON.parse((message as MessageEvent<string>).data) as VehicleEvent;
      for (const listener of listeners.get(event.vehicleId) ?? []) listener(event);
    } catch {
      // not an event of ours
    }
  });
}

/** Calls `listener` with every update of `vehicleId` until the returned function is called. */
export function subscribeToVehicle(vehicleId: string, listener: Listener): () => void {
  if (!source) open();
  const set = listeners.get(vehicleId) ?? new Set();
  set.add(listener);
  listeners.set(vehicleId, set);
  return () => {
    set.delete(listener);
    if (!set.size) listeners.delete(vehicleId);
    if (!listeners.size) {
      source?.close();
      source = null;
    }
  };
}
