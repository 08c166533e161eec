import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { emptyState, type State } from "./state";

// The state lives in memory; with a data directory it is also written to `state.json` there, a
// moment after each change (several changes in one request make one write), and once more when
// the process stops. Writing a temporary file and renaming it over the old one means a crash
// leaves either the old or the new file, never half of one.

const WRITE_DELAY_MS = 50;

export type Store = {
  state: State;
  /** Call after any change. */
  changed(): void;
  /** Writes now if anything changed. */
  flush(): void;
  /** Back to empty (the webhook keeps its id). */
  reset(): void;
};

function load(file: string): State | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
  const parsed = JSON.parse(text) as Partial<State>;
  if (parsed.version !== 1) throw new Error(`${file} is not a state file of this emulator version`);
  // Fill in anything added since the file was written.
  const fresh = emptyState();
  return { ...fresh, ...parsed, settings: { ...fresh.settings, ...parsed.settings } } as State;
}

export function createStore(dataDir: string | null): Store {
  const file = dataDir ? path.resolve(dataDir, "state.json") : null;
  const loaded = file ? load(file) : null;
  let timer: NodeJS.Timeout | null = null;
  let dirty = false;

  const store: Store = {
    state: loaded ?? emptyState(),
    changed() {
      if (!file) return;
      dirty = true;
      timer ??= setTimeout(() => store.flush(), WRITE_DELAY_MS);
    },
    flush() {
      if (timer) clearTimeout(timer);
      timer = null;
      if (!file || !dirty) return;
      dirty = false;
      mkdirSync(path.dirname(file), { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      writeFileSync(temp, JSON.stringify(store.state));
      renameSync(temp, file);
    },
    reset() {
      const webhookId = store.state.webhook.id;
      store.state = emptyState();
      store.state.webhook.id = webhookId;
      store.changed();
    },
  };
  if (file && !loaded) {
    dirty = true;
    store.flush();
  }
  return store;
}
