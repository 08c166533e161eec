import { readAccountSummary } from "@/lib/accounts/summary";

// GET /session: who is signed in, for the header of pages served from the build
// (app/components/account-nav.tsx). Same-origin only: no CORS header lets another site read it.
const HEADERS = { "Cache-Control": "private, no-store", "X-Content-Type-Options": "nosniff" };

export async function GET() {
  const summary = await readAccountSummary();
  if ("kind" in summary)
    return Response.json(
      { error: "unavailable" },
      { status: 503, headers: { ...HEADERS, "Retry-After": "5" } },
    );
  return Response.json(summary, { headers: HEADERS });
}
