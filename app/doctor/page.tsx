import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { Suspense } from "react";
import { InlineCode } from "@/app/components/inline-code";
import { doctorPageIsOpen } from "@/lib/doctor/availability";
import { PAGE } from "@/lib/doctor/copy";
import { runChecks } from "@/lib/doctor/run";
import { summarize } from "@/lib/doctor/summary";

// The checks of `npm run doctor`, in development only (lib/doctor/availability.ts).

export const metadata: Metadata = { title: PAGE.title, robots: { index: false } };

/** The checks themselves, run on every request (they reach the database and Smartcar). */
async function CheckResults() {
  await connection();
  // Served by `npm run dev`, which applies the migrations when it starts.
  const results = await runChecks({ migrations: "dev-server" });
  return (
    <>
      <ul className="doctor-checks">
        {results.map((result, i) => (
          <li key={i} className={`doctor-check doctor-${result.status}`}>
            <span className="doctor-status">{PAGE.status[result.status]}</span>
            <strong>{result.name}</strong>
            <span className="doctor-message">
              <InlineCode text={result.message} />
            </span>
            {result.fix && result.status !== "ok" ? (
              <span className="doctor-fix">
                {PAGE.fix} <InlineCode text={result.fix} />
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      <p role="status">
        <strong>{summarize(results)}</strong>
      </p>
    </>
  );
}

export default function DoctorPage() {
  if (!doctorPageIsOpen()) notFound();
  return (
    <section className="stack">
      <div className="page-head">
        <h1>{PAGE.title}</h1>
        <Link href="/doctor" prefetch={false}>
          {PAGE.rerun}
        </Link>
      </div>
      <p className="muted">
        <InlineCode text={PAGE.intro} />
      </p>
      <Suspense fallback={<p className="muted">{PAGE.running}</p>}>
        <CheckResults />
      </Suspense>
    </section>
  );
}
