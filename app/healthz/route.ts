import { checkHealth } from "@/lib/health";

// GET /healthz: readiness for a load balancer: 200 when the configuration is valid and the
// database answers, 503 otherwise.
export async function GET() {
  const health = await checkHealth();
  return Response.json(health, {
    status: health.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}
