-- CreateTable
CREATE TABLE "webhook_events" (
    "event_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_events_pkey" PRIMARY KEY ("event_id")
);

-- CreateTable
CREATE TABLE "vehicle_signals" (
    "vehicle_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "smartcar_user_id" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "value" JSONB,
    "read_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "vehicle_signals_pkey" PRIMARY KEY ("vehicle_id","code")
);

-- CreateTable
CREATE TABLE "vehicle_errors" (
    "vehicle_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "smartcar_user_id" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "resolution_type" TEXT,
    "event_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "vehicle_errors_pkey" PRIMARY KEY ("vehicle_id","type","code")
);

-- CreateIndex
CREATE INDEX "webhook_events_received_at_idx" ON "webhook_events"("received_at");

-- CreateIndex
CREATE INDEX "vehicle_signals_updated_at_idx" ON "vehicle_signals"("updated_at");

-- CreateIndex
CREATE INDEX "vehicle_errors_updated_at_idx" ON "vehicle_errors"("updated_at");


-- CreateTable
CREATE TABLE "vehicle_commands" (
    "vehicle_id" TEXT NOT NULL,
    "command" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "vehicle_commands_pkey" PRIMARY KEY ("vehicle_id")
);
