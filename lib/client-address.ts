import "server-only";
import { isIP } from "node:net";
import { headers } from "next/headers";
import { getConfig } from "@/lib/config";

// Which client a request comes from, for the per-client limits.
//
// What Next.js 16's production server (`next start`, and the standalone server.js) puts in
// `x-forwarded-for`, measured: a request with no such header gets the socket's address
// (`::ffff:127.0.0.1`); a request that brings its own keeps it exactly as sent (`1.2.3.4`, or
// `1.2.3.4, 5.6.7.8`; repeated headers are joined with ", "), and the socket's address is not
// appended (base-server.js: `req.headers['x-forwarded-for'] ??= socket.remoteAddress`).
//
// So the trustworthy entry is the one the nearest trusted proxy appended: with N proxies that each
// append the address they were reached from, the client is the N-th entry from the right
// (https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Headers/X-Forwarded-For#selecting_an_ip_address).
// With none (the app reached directly), the only entry Next.js wrote is the last one, and only
// when the client sent none: a client that sends the header can name any address, which is why a
// deployment reached from the internet should sit behind a proxy and set TRUSTED_PROXY_HOPS.

/** Every address we cannot read shares one bucket: a misconfigured proxy fails closed, not open. */
export const UNKNOWN_CLIENT = "unknown";

/**
 * The client's address from an `x-forwarded-for` value: IPv4 as is, IPv6 as its /64 (one
 * subscriber's network, which it can fill with addresses at will), or UNKNOWN_CLIENT.
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
  const entry = entries[Math.max(0, entries.length - Math.max(1, trustedProxyHops))]!;
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

/** The client of the current request, as configured (TRUSTED_PROXY_HOPS). */
export async function requestClient(): Promise<string> {
  return clientAddress((await headers()).get("x-forwarded-for"), getConfig().trustedProxyHops);
}
