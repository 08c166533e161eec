-- An app user may now have any number of Smartcar links: the one-per-user unique index becomes a
-- plain index. Existing rows are kept as they are.
DROP INDEX "smartcar_links_user_id_key";
CREATE INDEX "smartcar_links_user_id_idx" ON "smartcar_links"("user_id");
ALTER TABLE "smartcar_links" ADD COLUMN "vehicle_summary" TEXT;

-- Re-authentication attempts: what kind of launch an attempt is, and the vehicle it concerns.
ALTER TABLE "connect_attempts" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'connect',
ADD COLUMN "vehicle_id" TEXT,
ADD COLUMN "vehicle_label" TEXT;
