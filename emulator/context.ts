import type { Config } from "./config";
import type { Fault } from "./faults";
import type { Stats } from "./stats";
import type { Store } from "./store";
import type { Webhooks } from "./webhooks/deliveries";

/** What every handler works with: one per running emulator. */
export type Context = {
  config: Config;
  store: Store;
  stats: Stats;
  webhooks: Webhooks;
  /** Replaced as a whole by PUT /_emulator/control/faults; `rate-limit` counts go down in place. */
  faults: Fault[];
  /** Where browsers and clients reach the emulator, e.g. `http://127.0.0.1:4000`. */
  origin: string;
  now(): number;
};
