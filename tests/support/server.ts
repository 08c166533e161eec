// The real Next.js production server, for tests that talk to it over HTTP: the same launcher as the
// measuring scripts' (scripts/production-server.mjs).
import { startServer } from "../../scripts/production-server.mjs";

export { startServer };
export type TestServer = Awaited<ReturnType<typeof startServer>>;
