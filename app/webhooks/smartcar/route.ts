import { readRawBody, receiveWebhook, webhookResponse } from "@/lib/webhooks/receive";

// POST /webhooks/smartcar: Smartcar's webhook deliveries (register this URL in the Smartcar
// Dashboard; https://smartcar.com/docs/integrations/webhooks/callback-verification.md).
export async function POST(request: Request) {
  const outcome = await receiveWebhook({
    body: await readRawBody(request),
    signature: request.headers.get("sc-signature"),
  });
  return webhookResponse(outcome);
}
