-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "smartcar_links" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "smartcar_user_id" UUID NOT NULL,
    "connected_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_verified_at" TIMESTAMPTZ(3),

    CONSTRAINT "smartcar_links_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "connect_attempts" (
    "id" UUID NOT NULL,
    "state_hash" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "make" TEXT,
    "outcome" TEXT,
    "error_code" TEXT,
    "smartcar_user_id" UUID,
    "vehicle_vin" TEXT,
    "vehicle_make" TEXT,
    "vehicle_model" TEXT,
    "vehicle_year" INTEGER,

    CONSTRAINT "connect_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sign_in_failures" (
    "id" BIGSERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sign_in_failures_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "smartcar_links_user_id_key" ON "smartcar_links"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "smartcar_links_smartcar_user_id_key" ON "smartcar_links"("smartcar_user_id");

-- CreateIndex
CREATE UNIQUE INDEX "connect_attempts_state_hash_key" ON "connect_attempts"("state_hash");

-- CreateIndex
CREATE INDEX "connect_attempts_user_id_created_at_idx" ON "connect_attempts"("user_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "sign_in_failures_email_created_at_idx" ON "sign_in_failures"("email", "created_at");

-- AddForeignKey
ALTER TABLE "smartcar_links" ADD CONSTRAINT "smartcar_links_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "connect_attempts" ADD CONSTRAINT "connect_attempts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;
