// What the emulated Connect offers: brands, their sign-in challenges, vehicles, the permissions it
// can describe, and the test-mode emails that force an error, as Smartcar's test mode does
// (https://smartcar.com/docs/connect/testing-connect).

export type Challenge = "mfa" | "pin" | null;

export type Brand = { make: string; name: string; challenge: Challenge; models: { model: string; powertrain: "BEV" | "PHEV" | "ICE" }[] };

export const BRANDS: Brand[] = [
  { make: "TESLA", name: "Tesla", challenge: null, models: [{ model: "Model 3", powertrain: "BEV" }, { model: "Model Y", powertrain: "BEV" }, { model: "Model S", powertrain: "BEV" }] },
  { make: "FORD", name: "Ford", challenge: "mfa", models: [{ model: "Mustang Mach-E", powertrain: "BEV" }, { model: "F-150 Lightning", powertrain: "BEV" }, { model: "Escape", powertrain: "PHEV" }] },
  { make: "HYUNDAI", name: "Hyundai", challenge: "pin", models: [{ model: "IONIQ 5", powertrain: "BEV" }, { model: "Kona Electric", powertrain: "BEV" }, { model: "Tucson", powertrain: "PHEV" }] },
  { make: "BMW", name: "BMW", challenge: null, models: [{ model: "i4", powertrain: "BEV" }, { model: "iX", powertrain: "BEV" }, { model: "X5 xDrive50e", powertrain: "PHEV" }] },
  { make: "TOYOTA", name: "Toyota", challenge: null, models: [{ model: "bZ4X", powertrain: "BEV" }, { model: "RAV4 Prime", powertrain: "PHEV" }, { model: "Camry", powertrain: "ICE" }] },
  { make: "VOLKSWAGEN", name: "Volkswagen", challenge: null, models: [{ model: "ID.4", powertrain: "BEV" }, { model: "ID.Buzz", powertrain: "BEV" }, { model: "Golf", powertrain: "ICE" }] },
];

export function findBrand(make: string | null | undefined): Brand | undefined {
  return BRANDS.find((b) => b.make === make);
}

/** Test-mode emails: signing in with one of these ends Connect with that error. */
export const FORCED_ERRORS: Record<string, "vehicle_incompatible" | "invalid_subscription" | "no_vehicles" | "server_error"> = {
  "smartcar@vehicle-incompatible.com": "vehicle_incompatible",
  "smartcar@invalid-subscription.com": "invalid_subscription",
  "smartcar@no-vehicles.com": "no_vehicles",
  "smartcar@server-error.com": "server_error",
};

/** The vehicle reported with `vehicle_incompatible`. */
export const INCOMPATIBLE_VEHICLE = { vin: "1FTFW1ET5DFC10312", model: "F-150", year: "2013" } as const;

export const ERROR_DESCRIPTIONS = {
  access_denied: "User denied access to the requested scope of permissions.",
  user_manually_returned_to_application: "User manually returned to application.",
  oem_cancelled_login: "User cancelled the login with the vehicle brand.",
  vehicle_incompatible: "The user's vehicle is not compatible.",
  no_vehicles: "No vehicles were found on the user's connected services account.",
  invalid_subscription: "The user's connected services subscription is inactive.",
  server_error: "Unexpected server error. Please try again.",
  configuration_error: "The request to Connect is malformed.",
} as const;

export const PERMISSION_NAMES: Record<string, string> = {
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
  return PERMISSION_NAMES[name] ?? name.replaceAll("_", " ");
}
