// Runs once when the server starts (docs/references.md [next-instrumentation]).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    await import("./instrumentation-node");
  }
}
