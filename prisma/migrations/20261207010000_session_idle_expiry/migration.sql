-- Sessions end after 24 hours without a request, next to their 7-day absolute expiry
-- (docs/threat-model.md, "Sessions"). Existing sessions count as seen when they were created.
ALTER TABLE "sessions" ADD COLUMN "last_seen_at" TIMESTAMPTZ(3);
UPDATE "sessions" SET "last_seen_at" = "created_at";
ALTER TABLE "sessions" ALTER COLUMN "last_seen_at" SET NOT NULL,
  ALTER COLUMN "last_seen_at" SET DEFAULT CURRENT_TIMESTAMP;
