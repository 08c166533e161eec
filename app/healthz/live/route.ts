import { connection } from "next/server";

// GET /healthz/live: liveness: the process answers. Touches nothing else. Answered per request
// (connection()), not from the build: it says this process runs, and it is the benchmark's control
// for a route of the app rendered on demand (bench/README.md).
export async function GET() {
  await connection();
  return new Response("ok", {
    headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" },
  });
}
