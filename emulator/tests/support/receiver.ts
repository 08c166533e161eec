import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import { PORT_ATTEMPTS, randomPort } from "./ports";

// A tiny webhook endpoint, as an app would have: it answers VERIFY with the HMAC of the challenge,
// checks SC-Signature on everything else, and records what arrived.

export type Delivery = {
  headers: IncomingHttpHeaders;
  raw: Buffer;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** SC-Signature matched the raw body (always false for unsigned VERIFY). */
  signed: boolean;
  /** What the receiver answered. */
  status: number;
};

export type Receiver = {
  url: string;
  port: number;
  received: Delivery[];
  /** Answer the next `count` data deliveries with `status` instead of 200. */
  failNext(count: number, status?: number): void;
  /** Answer VERIFY correctly (default) or with a wrong challenge. */
  verifyCorrectly: boolean;
  waitFor(predicate: (d: Delivery) => boolean, timeoutMs?: number): Promise<Delivery>;
  close(): Promise<void>;
};

export function hmacHex(key: string, message: string | Buffer): string {
  return createHmac("sha256", key).update(message).digest("hex");
}

function listen(server: Server, port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) =>
      error.code === "EADDRINUSE" ? resolve(false) : reject(error);
    server.once("error", onError);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", onError);
      resolve(true);
    });
  });
}

export async function startReceiver(managementToken: string): Promise<Receiver> {
  const waiters: { predicate: (d: Delivery) => boolean; resolve: (d: Delivery) => void }[] = [];
  let failures: { count: number; status: number } = { count: 0, status: 500 };
  const receiver = {
    verifyCorrectly: true,
    received: [] as Delivery[],
  } as Receiver;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const body = JSON.parse(raw.toString("utf8"));
      const signature = String(req.headers["sc-signature"] ?? "");
      const expected = hmacHex(managementToken, raw);
      const signed =
        signature.length === expected.length &&
        timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
      let status = 200;
      let answer = "{}";
      if (body.eventType === "VERIFY") {
        const challenge = receiver.verifyCorrectly
          ? hmacHex(managementToken, body.data.challenge)
          : "wrong";
        answer = JSON.stringify({ challenge });
      } else if (!signed) {
        status = 401;
      } else if (failures.count > 0) {
        failures.count -= 1;
        status = failures.status;
      }
      res.writeHead(status, { "Content-Type": "application/json" });
      res.end(answer);
      const delivery: Delivery = { headers: req.headers, raw, body, signed, status };
      receiver.received.push(delivery);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(delivery)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(delivery);
        }
      }
    });
  });

  let port = 0;
  for (let attempt = 0; attempt < PORT_ATTEMPTS && !port; attempt++) {
    const candidate = randomPort();
    if (await listen(server, candidate)) port = candidate;
  }
  if (!port) throw new Error("No free port for the webhook receiver");

  receiver.port = port;
  receiver.url = `http://127.0.0.1:${port}/webhooks/smartcar`;
  receiver.failNext = (count, status = 500) => {
    failures = { count, status };
  };
  receiver.waitFor = (predicate, timeoutMs = 10_000) => {
    const already = receiver.received.find(predicate);
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const waiter = { predicate, resolve: (d: Delivery) => (clearTimeout(timer), resolve(d)) };
      const timer = setTimeout(() => {
        waiters.splice(waiters.indexOf(waiter), 1);
        reject(new Error(`No matching webhook delivery within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.push(waiter);
    });
  };
  receiver.close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return receiver;
}
