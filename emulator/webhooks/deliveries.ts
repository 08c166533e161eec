import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";
import type { ApiError } from "../api/errors";
import type { Config } from "../config";
import type { SignalDefinition } from "../signals";
import { readableSignals } from "../signals";
import { connectionOf, type Vehicle } from "../state";
import type { Store } from "../store";
import { vehicleErrorEvent, vehicleStateEvent, WEBHOOK_NAME, type EventData } from "./payloads";

// The emulator acts as one webhook subscribed to every connected vehicle (contract 9.2 [W7]): a
// VERIFY challenge first, then one signed event per POST, a 2xx within the timeout counts,
// otherwise up to three retries with the same eventId and a new deliveryId, then the event is
// dropped. Deliveries run independently of each other, so one vehicle's events may overlap.

type DeliveryRecord = {
  eventId: string;
  eventType: string;
  vehicleId: string | null;
  deliveryId: string;
  attempt: number;
  status: number | null;
  error: string | null;
  at: string;
};

const KEEP_RECORDS = 500;
const USER_AGENT = "Smartcar/emulator";

export function sign(managementToken: string, body: string): string {
  return createHmac("sha256", managementToken).update(body).digest("hex");
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === "TimeoutError") return "timed out";
    const cause = (error as { cause?: { code?: string } }).cause;
    return cause?.code ?? error.message;
  }
  return String(error);
}

export class Webhooks {
  private records: DeliveryRecord[] = [];
  private timers = new Set<NodeJS.Timeout>();
  private verifying: Promise<{ verified: boolean; error: string | null }> | null = null;
  private closed = false;

  constructor(
    private readonly config: Config,
    private readonly store: Store,
    private readonly now: () => number,
  ) {}

  get url(): string | null {
    return this.config.webhookUrl;
  }

  get verified(): boolean {
    return this.url !== null && this.store.state.webhook.verifiedUrl === this.url;
  }

  list(): DeliveryRecord[] {
    return [...this.records];
  }

  /** Forgets the delivery log and stops pending retries (control reset). */
  reset(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.records = [];
  }

  close(): void {
    this.closed = true;
    this.reset();
  }

  private record(entry: Omit<DeliveryRecord, "at">): void {
    this.records.push({ ...entry, at: new Date(this.now()).toISOString() });
    if (this.records.length > KEEP_RECORDS)
      this.records.splice(0, this.records.length - KEEP_RECORDS);
  }

  /**
   * Sends VERIFY and checks the answer: HTTP 200, JSON, `{"challenge": hex HMAC-SHA256 of the
   * challenge keyed with the management token}`
   * (contract 9.3 [W6]). VERIFY itself is not signed (contract 9.3, safer reading). Concurrent
   * callers share one attempt.
   */
  verify(): Promise<{ verified: boolean; error: string | null }> {
    const url = this.url;
    if (!url) return Promise.resolve({ verified: false, error: "EMULATOR_WEBHOOK_URL is not set" });
    this.verifying ??= this.sendVerify(url).finally(() => {
      this.verifying = null;
    });
    return this.verifying;
  }

  private async sendVerify(url: string): Promise<{ verified: boolean; error: string | null }> {
    const challenge = randomBytes(16).toString("hex");
    const eventId = randomUUID();
    const deliveryId = randomUUID();
    const body = JSON.stringify({
      eventId,
      eventType: "VERIFY",
      data: { challenge },
      meta: {
        version: "4.0",
        webhookId: this.store.state.webhook.id,
        webhookName: WEBHOOK_NAME,
        deliveryId,
        // VERIFY's deliveredAt is an ISO string, unlike the other events' milliseconds.
        deliveredAt: new Date(this.now()).toISOString(),
      },
    });
    let status: number | null = null;
    let error: string | null = null;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "User-Agent": USER_AGENT },
        body,
        signal: AbortSignal.timeout(this.store.state.settings.webhookTimeoutMs),
      });
      status = response.status;
      const text = await response.text();
      const expected = sign(this.config.managementToken, challenge);
      let answer: unknown = null;
      try {
        answer = JSON.parse(text);
      } catch {
        // judged below
      }
      const answered = (answer as { challenge?: unknown } | null)?.challenge;
      if (status !== 200) error = `answered HTTP ${status}, not 200`;
      else if (!/\bapplication\/json\b/i.test(response.headers.get("content-type") ?? "")) {
        error = "the answer is not Content-Type: application/json";
      } else if (typeof answered !== "string" || !sameText(answered, expected)) {
        error = "the answer's challenge is not the HMAC of the challenge";
      }
    } catch (e) {
      error = describe(e);
    }
    this.record({
      eventId,
      eventType: "VERIFY",
      vehicleId: null,
      deliveryId,
      attempt: 1,
      status,
      error,
    });
    this.store.state.webhook.verifiedUrl = error ? null : url;
    this.store.changed();
    return { verified: !error, error };
  }

  /**
   * A VEHICLE_STATE event for a connected vehicle: `changed` lists the signals that changed (only
   * the readable ones trigger), `first` makes it the vehicle's FIRST_DELIVERY. Returns the eventId,
   * or null when nothing is sent.
   */
  vehicleState(
    vehicle: Vehicle,
    options: { changed?: readonly string[]; first?: boolean; test?: boolean },
  ): string | null {
    const connection = connectionOf(this.store.state, vehicle.id);
    if (!this.url || !connection) return null;
    let triggers: SignalDefinition[] | null = null;
    if (!options.first) {
      const changed = new Set(options.changed ?? []);
      triggers = readableSignals(vehicle, connection.permissions).filter(
        (s) => options.test || changed.has(s.code),
      );
      if (!options.test && triggers.length === 0) return null;
    }
    const event = vehicleStateEvent(vehicle, connection, triggers, this.now());
    const signalCount = (event.data as { signals: unknown[] }).signals.length;
    return this.send(event, { signalCount, mode: options.test ? "TEST" : "LIVE" });
  }

  /** A VEHICLE_ERROR event, `ERROR` when the problem starts and `RESOLVED` when it ends. */
  vehicleError(vehicle: Vehicle, error: ApiError, state: "ERROR" | "RESOLVED"): string | null {
    const connection = connectionOf(this.store.state, vehicle.id);
    if (!this.url || !connection) return null;
    return this.send(vehicleErrorEvent(vehicle, connection, error, state), { mode: "LIVE" });
  }

  private send(event: EventData, meta: { signalCount?: number; mode: "LIVE" | "TEST" }): string {
    const eventId = randomUUID();
    void this.attempt(eventId, event, meta, 1);
    return eventId;
  }

  private async attempt(
    eventId: string,
    event: EventData,
    meta: { signalCount?: number; mode: string },
    attempt: number,
  ): Promise<void> {
    const url = this.url;
    if (!url || this.closed) return;
    const deliveryId = randomUUID();
    let status: number | null = null;
    let error: string | null = null;
    // Data goes only to a verified webhook; an app that was not up yet is asked again now.
    if (!this.verified) {
      const verification = await this.verify();
      if (!verification.verified) error = `webhook not verified: ${verification.error}`;
    }
    if (!error) {
      const body = JSON.stringify({
        eventId,
        eventType: event.eventType,
        vehicleId: event.vehicleId,
        data: event.data,
        meta: {
          version: "4.0",
          deliveryId,
          deliveredAt: this.now(),
          webhookId: this.store.state.webhook.id,
          webhookName: WEBHOOK_NAME,
          ...(meta.signalCount === undefined ? {} : { signalCount: meta.signalCount }),
          mode: meta.mode,
        },
      });
      try {
        const response = await fetch(url, {
          method: "POST",
          headers: {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "SC-Signature": sign(this.config.managementToken, body),
          },
          body,
          signal: AbortSignal.timeout(this.store.state.settings.webhookTimeoutMs),
        });
        status = response.status;
        await response.arrayBuffer().catch(() => undefined);
        if (status < 200 || status > 299) error = `answered HTTP ${status}`;
      } catch (e) {
        error = describe(e);
      }
    }
    const { eventType, vehicleId } = event;
    this.record({ eventId, eventType, vehicleId, deliveryId, attempt, status, error });
    const delays = this.store.state.settings.webhookRetryDelaysMs;
    if (!error || this.closed || attempt > delays.length) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        void this.attempt(eventId, event, meta, attempt + 1);
      },
      delays[attempt - 1],
    );
    this.timers.add(timer);
  }
}
