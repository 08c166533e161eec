-- Webhook-first /vehicles (issue 20) and confirmed links (issue 19, item 1).
-- A link is used only once Smartcar confirmed it: existing links are confirmed again at their
-- next connections read, like new ones.
ALTER TABLE "smartcar_links" ADD COLUMN "confirmed_at" TIMESTAMPTZ(3),
ADD COLUMN "connections" JSONB,
ADD COLUMN "connections_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "vehicle_budgets" (
    "vehicle_id" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "last_read_at" TIMESTAMPTZ(3),
    "last_refresh_at" TIMESTAMPTZ(3),

    CONSTRAINT "vehicle_budgets_pkey" PRIMARY KEY ("vehicle_id")
);
