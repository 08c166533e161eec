import "server-only";
import { isIP } from "node:net";
import { headers } from "next/headers";
import { getConfig } from "@/lib/config";
import { log } from "@/lib/log";

// Which client a request comes from, for the per-client limits.
//
// Next.js 16's server (`next start`, the standalone server.js) fills `x-forwarded-for` with the
// socket's address only when the request brings none (base-server.js: `??=`), so a client could
// name any address. The app's server process therefore loads scripts/socket-address.mjs first
// (scripts/run.mjs, the Dockerfile), which appends the socket's address to whatever came, as a
// proxy does: the last entry is always the peer this server really talks to.
//
// With TRUSTED_PROXY_HOPS=N proxies in front, each appending the address it was reached from, the
// client is the entry N places left of that last one (docs/references.md [mdn-x-forwarded-for]);
// with none (the default), the client is the socket's address, whatever the headers say.

/** Every address we cannot read shares one bucket: a misconfigured proxy fails closed, not open. */
export const UNKNOWN_CLIENT = "unknown";

/**
 * The client's address from an `x-forwarded-for` value whose last entry is the socket's: IPv4 as
 * is, IPv6 as its /64 (one subscriber's network, which it can fill with addresses at will), or
 * UNKNOWN_CLIENT.
 */
export function clientAddress(
  forwardedFor: string | null | undefined,
  trustedProxyHops: number,
): string {
  const entries = (forwardedFor ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return UNKNOWN_CLIENT;
  // Fewer entries than proxies: the request did not come through all of them; the leftmost is
  // the furthest we can go.
  const entry = entries[Math.max(0, entries.length - 1 - trustedProxyHops)]!;
  return normalizeAddress(entry) ?? UNKNOWN_CLIENT;
}

function normalizeAddress(entry: string): string | null {
  const address = withoutPort(entry);
  const version = isIP(address);
  if (version === 4) return address;
  if (version !== 6) return null;
  const hextets = expandIPv6(address);
  // An IPv4 client seen through a dual-stack socket (`::ffff:a.b.c.d`) is that IPv4 client.
  if (hextets.slice(0, 5).every((h) => h === 0) && hextets[5] === 0xffff) {
    return [hextets[6]! >> 8, hextets[6]! & 0xff, hextets[7]! >> 8, hextets[7]! & 0xff].join(".");
  }
  return `${hextets
    .slice(0, 4)
    .map((h) => h.toString(16))
    .join(":")}::/64`;
}

/** `[v6]:port` → `v6`, `v4:port` → `v4`; anything else unchanged. */
function withoutPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1]!;
  const v4WithPort = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  return v4WithPort ? v4WithPort[1]! : entry;
}

/** The eight 16-bit groups of a valid IPv6 address (with `::` and a dotted IPv4 tail expanded). */
function expandIPv6(address: string): number[] {
  let text = address.split("%")[0]!;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split("::") as [string, string | undefined];
  const parse = (part: string | undefined) =>
    part ? part.split(":").map((h) => parseInt(h, 16)) : [];
  const left = parse(head);
  const right = parse(tail);
  const zeros = tail === undefined ? [] : Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

const SOCKET_ADDRESS = Symbol.for("smartcar-connect-nextjs.socket-address");
let warned = false;

/**
 * The client of the current request, as configured (TRUSTED_PROXY_HOPS). A server started without
 * scripts/socket-address.mjs cannot tell the socket's address from what a client wrote: every
 * request then shares UNKNOWN_CLIENT's bucket (fail closed), and the log says why.
 */
export async function requestClient(): Promise<string> {
  if (!(globalThis as Record<symbol, unknown>)[SOCKET_ADDRESS]) {
    if (!warned) {
      warned = true;
      log("client_address.no_socket_address", {
        hint: "start the server with `npm start` or `node --import ./socket-address.mjs server.js`",
      });
    }
    return UNKNOWN_CLIENT;
  }
  return clientAddress((await headers()).get("x-forwarded-for"), getConfig().trustedProxyHops);
}
