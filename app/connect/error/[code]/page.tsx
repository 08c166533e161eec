import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { ConnectLink } from "@/app/components/connect-link";
import { ERROR_PAGE_CODES, isErrorPageCode, type ErrorPageCode } from "@/lib/connect/codes";
import { ERROR_PAGES } from "@/lib/connect/copy";
import {
  connectErrorPage,
  connectErrorVehicle,
  type ConnectErrorVehicle,
  type ConnectErrorView,
} from "@/lib/connect/error-page";

// One page per Connect outcome, prerendered whole at build time and served from the build: the
// copy is the same for everyone, and the retry asks the server where it leads when it is followed
// (GET /connect/retry). Only vehicle_incompatible shows something of the user's own, the vehicle,
// which streams in.

// Reached only by a redirect (the callback's or a launch's 303, a full page load), never by a link
// of the app, so no client navigation waits on its code: it is not held to instant navigation,
// which in development flags the `params` read below (docs/references.md [next-instant]).
export const instant = false;

export function generateStaticParams() {
  return ERROR_PAGE_CODES.map((code) => ({ code }));
}

export async function generateMetadata({
  params,
}: PageProps<"/connect/error/[code]">): Promise<Metadata> {
  const { code } = await params;
  return {
    title: isErrorPageCode(code) ? ERROR_PAGES[code].title : "Not found",
    referrer: "no-referrer",
  };
}

function VehicleFacts({ vehicle }: { vehicle: ConnectErrorVehicle | null }) {
  if (!vehicle) return null;
  return (
    <dl className="vehicle-facts" aria-label="The vehicle">
      {vehicle.description ? (
        <div>
          <dt>Vehicle</dt>
          <dd>{vehicle.description}</dd>
        </div>
      ) : null}
      {vehicle.maskedVin ? (
        <div>
          <dt>VIN</dt>
          <dd className="mono">{vehicle.maskedVin}</dd>
        </div>
      ) : null}
    </dl>
  );
}

function Actions({ retry }: Pick<ConnectErrorView, "retry">) {
  return (
    <div className="actions">
      {retry ? (
        <ConnectLink href={retry.href} className="button button-primary button-large">
          {retry.label}
        </ConnectLink>
      ) : null}
      <Link href="/" className="button button-secondary button-large">
        Back to home
      </Link>
    </div>
  );
}

async function UserVehicle({ code }: { code: ErrorPageCode }) {
  return <VehicleFacts vehicle={await connectErrorVehicle(code)} />;
}

export default async function ConnectErrorPage({ params }: PageProps<"/connect/error/[code]">) {
  const { code } = await params;
  if (!isErrorPageCode(code)) notFound();
  const page = connectErrorPage(code);
  return (
    <div className="card narrow-wide" data-outcome={code}>
      <p className="eyebrow">Vehicle connection</p>
      <h1>{page.heading}</h1>
      {page.showsVehicle ? (
        <Suspense fallback={null}>
          <UserVehicle code={code} />
        </Suspense>
      ) : null}
      {page.paragraphs.map((text) => (
        <p key={text}>{text}</p>
      ))}
      <Actions retry={page.retry} />
    </div>
  );
}
