// What the emulated Connect offers: brands with their sign-in challenges and a small catalog of
// vehicles each, the permissions it can describe, and the texts of Connect's error redirects
// (contract 1.2 [C2]).

export type Powertrain = "BEV" | "PHEV" | "ICE";
export type Challenge = "mfa" | "pin" | null;

export type Brand = {
  /** Upper case, as Connect's `make` parameter spells it (e.g. `TESLA`). */
  make: string;
  /** As people write it, and as the v3 REST examples spell `make` (e.g. `Tesla`). */
  name: string;
  challenge: Challenge;
  models: { model: string; powertrain: Powertrain }[];
};

export const BRANDS: readonly Brand[] = [
  {
    make: "TESLA",
    name: "Tesla",
    challenge: null,
    models: [
      { model: "Model 3", powertrain: "BEV" },
      { model: "Model Y", powertrain: "BEV" },
      { model: "Model S", powertrain: "BEV" },
    ],
  },
  {
    make: "FORD",
    name: "Ford",
    challenge: "mfa",
    models: [
      { model: "Mustang Mach-E", powertrain: "BEV" },
      { model: "F-150 Lightning", powertrain: "BEV" },
      { model: "Escape", powertrain: "PHEV" },
    ],
  },
  {
    make: "HYUNDAI",
    name: "Hyundai",
    challenge: "pin",
    models: [
      { model: "IONIQ 5", powertrain: "BEV" },
      { model: "Kona Electric", powertrain: "BEV" },
      { model: "Tucson", powertrain: "PHEV" },
    ],
  },
  {
    make: "BMW",
    name: "BMW",
    challenge: null,
    models: [
      { model: "i4", powertrain: "BEV" },
      { model: "iX", powertrain: "BEV" },
      { model: "X5 xDrive50e", powertrain: "PHEV" },
    ],
  },
  {
    make: "TOYOTA",
    name: "Toyota",
    challenge: null,
    models: [
      { model: "bZ4X", powertrain: "BEV" },
      { model: "RAV4 Prime", powertrain: "PHEV" },
      { model: "Camry", powertrain: "ICE" },
    ],
  },
  {
    make: "VOLKSWAGEN",
    name: "Volkswagen",
    challenge: null,
    models: [
      { model: "ID.4", powertrain: "BEV" },
      { model: "ID.Buzz", powertrain: "BEV" },
      { model: "Golf", powertrain: "ICE" },
    ],
  },
];

export function findBrand(make: string | null | undefined): Brand | undefined {
  return BRANDS.find((brand) => brand.make === make);
}

export type ConnectError =
  | "access_denied"
  | "user_manually_returned_to_application"
  | "oem_cancelled_login"
  | "vehicle_incompatible"
  | "no_vehicles"
  | "invalid_subscription"
  | "server_error"
  | "configuration_error";

// The documented example texts where Smartcar gives one (contract 1.2); clients must not match on
// them.
export const ERROR_DESCRIPTIONS: Record<ConnectError, string> = {
  access_denied: "User denied access to application.",
  // contract 1.2 [C8]
  user_manually_returned_to_application:
    "The user exited Connect before granting your application access",
  // contract 1.2 [C9]
  oem_cancelled_login: "The user did not complete authorization with the OEM",
  vehicle_incompatible: "The user's vehicle is not compatible.",
  no_vehicles: "No vehicles found. Please add vehicles to your account and try again.",
  invalid_subscription: "User does not have an active connected vehicle subscription.",
  server_error: "Unexpected server error. Please try again.",
  configuration_error: "There has been an error in the configuration of your application.",
};

/**
 * Carmaker sign-in emails that end Connect with an error. The first two are Smartcar's documented
 * test logins (contract 10 [T1]); the last two are the emulator's own, since Smartcar documents no
 * login for them.
 */
export const FORCED_ERRORS: Record<string, ConnectError> = {
  "smartcar@vehicle-incompatible.com": "vehicle_incompatible",
  "smartcar@invalid-subscription.com": "invalid_subscription",
  "smartcar@no-vehicles.com": "no_vehicles",
  "smartcar@server-error.com": "server_error",
};

/** The vehicle `vehicle_incompatible` reports (`vin`, `model`, `year`; `make` is the brand). */
// Smartcar's documented VIN for smartcar@vehicle-incompatible.com (contract 10).
export const INCOMPATIBLE_VEHICLE = { vin: "0SCAUDI012FE3B132", model: "F-150", year: "2013" };

const PERMISSION_DESCRIPTIONS: Record<string, string> = {
  read_vehicle_info: "Know make, model, and year",
  read_vin: "Read VIN",
  read_battery: "Read EV battery's capacity and state of charge",
  read_charge: "Know whether vehicle is charging",
  read_odometer: "Retrieve total distance traveled",
  read_location: "Access the vehicle's location",
  read_fuel: "Read fuel tank level",
  read_tires: "Read tire pressure",
  read_engine_oil: "Read engine oil health",
  read_security: "Read lock status",
  control_security: "Lock or unlock your vehicle",
  control_charge: "Start or stop your vehicle's charging",
};

export function describePermission(name: string): string {
  return PERMISSION_DESCRIPTIONS[name] ?? name.replaceAll("_", " ");
}
