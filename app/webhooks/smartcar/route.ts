import { readRawBody, receiveWebhook, webhookResponse } from "@/lib/webhooks/receive";

// POST /webhooks/smartcar: Smartcar's webhook deliveries (register this URL in the Smartcar
// Dashboard; docs/smartcar-contract.md 9.3, [W6]).
export async function POST(request: Request) {
  const outcome = await receiveWebhook({
    body: await readRawBody(request),
    signature: request.headers.get("sc-signature"),
  });
  return webhookResponse(outcome);
}
