import "server-only";

// The emulated API's answers, in the shapes Smartcar uses (https://smartcar.com/docs/errors/overview).

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json", "Cache-Control": "no-store", ...headers } });
}

export function apiError(status: number, type: string, code: string | null, title: string, detail: string | null = null, headers: Record<string, string> = {}): Response {
  return json({ errors: [{ status, type, code, title, detail }] }, status, headers);
}
