-- The emulator is now a server of its own with its own storage (emulator/): the app's database
-- keeps only the app's tables.
DROP TABLE IF EXISTS "emulator_vehicles";
DROP TABLE IF EXISTS "emulator_accounts";
DROP TABLE IF EXISTS "emulator_connect_sessions";
