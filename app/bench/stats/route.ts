import { connection } from "next/server";
import { benchStats } from "@/lib/bench-routes";

// GET /bench/stats: the session cache's figures for `npm run bench`; 404 unless BENCH_ROUTES=on.
export async function GET() {
  await connection();
  return benchStats();
}
