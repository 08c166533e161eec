import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { listConnectHistory } from "@/lib/connect/history";
import { requireUser } from "@/lib/session";

export const metadata: Metadata = { title: "Connect history" };

async function History() {
  const user = await requireUser("/connect/history");
  const history = await listConnectHistory(user.id);
  if (history.kind === "unavailable") {
    return (
      <p className="alert alert-error" role="status">
        Your history can&apos;t be loaded right now. Please try again in a moment.
      </p>
    );
  }
  if (history.entries.length === 0)
    return <p>You haven&apos;t started connecting a vehicle yet.</p>;
  return (
    <div className="card table-card">
      <table className="history">
        <thead>
          <tr>
            <th scope="col">When (UTC)</th>
            <th scope="col">What</th>
            <th scope="col">Vehicle or brand</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {history.entries.map((e) => (
            <tr key={e.id}>
              <td>
                <time dateTime={e.at.toISOString()}>
                  {e.at.toISOString().replace("T", " ").slice(0, 19)}
                </time>
              </td>
              <td>{e.action}</td>
              <td>{e.subject ?? <span className="muted">—</span>}</td>
              <td>{e.outcome}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

// The heading is prerendered; the person's history streams in.
export default function HistoryPage() {
  return (
    <section className="stack">
      <div className="page-head">
        <h1>Connect history</h1>
        <Link href="/vehicles">Your vehicles</Link>
      </div>
      <Suspense fallback={<p className="muted">Loading your history…</p>}>
        <History />
      </Suspense>
    </section>
  );
}
