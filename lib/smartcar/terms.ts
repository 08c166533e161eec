// Shared with the browser (a vehicle card picks its rows and buttons by these terms there): plain
// constants, no server-only, no Node imports. The emulator keeps its own copies: it is a separate
// program and never imports the app.

/** The signals this app reads, by their documented codes (docs/smartcar-contract.md, 6.4). */
export const SIGNAL = {
  battery: "tractionbattery-stateofcharge",
  odometer: "odometer-traveleddistance",
  location: "location-preciselocation",
  locked: "closure-islocked",
  charging: "charge-ischarging",
  pluggedIn: "charge-ischargingcableconnected",
  chargeLimits: "charge-chargelimits",
} as const;

export type SignalCode = (typeof SIGNAL)[keyof typeof SIGNAL];

/** The commands a person can send a vehicle from its card (contract 7). */
export const COMMAND = {
  lock: "lock",
  unlock: "unlock",
  startCharge: "start-charge",
  stopCharge: "stop-charge",
  setChargeLimit: "set-charge-limit",
} as const;

export type CommandName = (typeof COMMAND)[keyof typeof COMMAND];

/**
 * The permission each command needs: `control_security` for the locks, `control_charge` for the
 * rest (contract 7), as the card's `Commands` names them.
 */
export const COMMAND_PERMISSION = {
  lock: "security",
  unlock: "security",
  "start-charge": "charge",
  "stop-charge": "charge",
  "set-charge-limit": "charge",
} as const satisfies Record<CommandName, "security" | "charge">;

/** The signal each command changes, read again once the command succeeded (contract 7). */
export const COMMAND_SIGNAL = {
  lock: SIGNAL.locked,
  unlock: SIGNAL.locked,
  "start-charge": SIGNAL.charging,
  "stop-charge": SIGNAL.charging,
  "set-charge-limit": SIGNAL.chargeLimits,
} as const satisfies Record<CommandName, SignalCode>;

/** The charge limits `charge/set-limit` accepts, in whole percent (contract 7, "50–100"). */
export const CHARGE_LIMIT = { min: 50, max: 100 } as const;

/**
 * The `powertrainType` Smartcar reports for a combustion vehicle, on a connection and on the
 * vehicle (contract 4.1 and 5): such a vehicle gets no charging commands.
 */
export const COMBUSTION_POWERTRAIN = "ICE";

/**
 * The app's own rule, not Smartcar's: a card's Refresh reads its vehicle at most this often,
 * whoever asks (lib/vehicles/budget.ts); the browser counts down the same interval.
 */
export const REFRESH_INTERVAL_MS = 60_000;
