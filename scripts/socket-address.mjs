// Loaded into the Next.js server process before anything else (`node --import`): scripts/run.mjs
// does it for `npm start` and `npm run dev`, the Dockerfile for the standalone server.js.
//
// Next.js fills `x-forwarded-for` with the socket's address only when the request brings none
// (node_modules/next/dist/server/base-server.js: `??=`), so with no proxy in front any client could
// name its own address, and its own rate-limit bucket. Here, before Next.js sees the request, the
// socket's address is appended to whatever the request brought, as a proxy would: the last entry
// is always the peer this server really talks to, and lib/client-address.ts counts the trusted
// proxies (TRUSTED_PROXY_HOPS) from there. With none trusted, the client is that last entry,
// whatever the headers say (docs/references.md [mdn-x-forwarded-for]).
import http from "node:http";

const emit = http.Server.prototype.emit;
http.Server.prototype.emit = function emitWithSocketAddress(event, request, ...rest) {
  if (event === "request" && request && request.headers) {
    const socket = request.socket && request.socket.remoteAddress;
    const sent = request.headers["x-forwarded-for"];
    const entries = [sent, socket || "unknown"].filter(Boolean);
    request.headers["x-forwarded-for"] = entries.join(", ");
  }
  return emit.call(this, event, request, ...rest);
};

// lib/client-address.ts reads this, in the same process, to know the last entry is the socket's.
globalThis[Symbol.for("smartcar-connect-nextjs.socket-address")] = true;
