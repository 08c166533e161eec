import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { openStreamCount, openVehicleStream } from "@/lib/vehicles/stream";

// lib/vehicles/stream.ts in this process, on the run's PostgreSQL: a stream's slot is given back
// when its request is aborted, including a request aborted before its stream was opened (the
// browser left while the session was read), which no abort event reaches afterwards.

const user = () => ({ id: randomUUID(), sessionId: randomUUID() });

afterAll(async () => {
  await db().$disconnect();
});

describe("a live stream's slot", () => {
  it("is held while the request is open and given back when it is aborted", async () => {
    const before = openStreamCount();
    const request = new AbortController();
    const opening = openVehicleStream(user(), request.signal);
    expect(opening.kind).toBe("open");
    // The positive control: an open request holds its slot.
    expect(openStreamCount()).toBe(before + 1);
    request.abort();
    expect(openStreamCount()).toBe(before);
  });

  it("is never held by a request aborted before its stream was opened", async () => {
    const before = openStreamCount();
    const request = new AbortController();
    request.abort();
    const opening = openVehicleStream(user(), request.signal);
    expect(opening.kind).toBe("open");
    expect(openStreamCount()).toBe(before);
    // Its stream is closed: a reader gets to its end, with nothing sent.
    if (opening.kind !== "open") return;
    const read = await opening.stream.getReader().read();
    expect(read.done).toBe(true);
  });

  it("leaves a user's cap to the requests still open", async () => {
    const cap = 10; // LIVE_STREAMS_PER_USER's default (lib/config.ts)
    const person = user();
    // Aborted before they were opened: none of these counts against the person.
    for (let i = 0; i < cap; i++) {
      const left = new AbortController();
      left.abort();
      openVehicleStream(person, left.signal);
    }
    const open = Array.from({ length: cap }, () => new AbortController());
    for (const request of open) expect(openVehicleStream(person, request.signal).kind).toBe("open");
    // The positive control: with `cap` requests really open, one more is refused.
    expect(openVehicleStream(person, new AbortController().signal).kind).toBe("user-full");
    for (const request of open) request.abort();
  });
});
