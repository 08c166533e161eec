-- CreateTable
CREATE TABLE "emulator_connect_sessions" (
    "id" TEXT NOT NULL,
    "client_id" TEXT NOT NULL,
    "redirect_uri" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "state" TEXT,
    "mode" TEXT NOT NULL,
    "make" TEXT,
    "step" TEXT NOT NULL,
    "email" TEXT,
    "notice" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "emulator_connect_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "emulator_accounts" (
    "id" UUID NOT NULL,
    "make" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "emulator_accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "emulator_vehicles" (
    "id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "make" TEXT NOT NULL,
    "model" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "vin" TEXT NOT NULL,
    "powertrain" TEXT NOT NULL,
    "granted" TEXT,

    CONSTRAINT "emulator_vehicles_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "emulator_accounts_make_email_key" ON "emulator_accounts"("make", "email");

-- CreateIndex
CREATE INDEX "emulator_vehicles_account_id_idx" ON "emulator_vehicles"("account_id");

-- AddForeignKey
ALTER TABLE "emulator_vehicles" ADD CONSTRAINT "emulator_vehicles_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "emulator_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
