// GET /healthz/live: liveness: the process answers. Touches nothing else.
export function GET() {
  return new Response("ok", { headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" } });
}
