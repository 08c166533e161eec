import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Suspense } from "react";
import { ConnectLink } from "@/app/components/connect-link";
import { ERROR_PAGE_CODES, isErrorPageCode, type ErrorPageCode } from "@/lib/connect/codes";
import { ERROR_PAGES } from "@/lib/connect/copy";
import { connectErrorDetails, connectErrorPage, type ConnectErrorDetails } from "@/lib/connect/error-page";

// One page per Connect outcome, prerendered at build time: the copy is the same for everyone. Only
// the vehicle it concerns and where the retry leads are the user's own, and stream in.

export function generateStaticParams() {
  return ERROR_PAGE_CODES.map((code) => ({ code }));
}

export async function generateMetadata({ params }: PageProps<"/connect/error/[code]">): Promise<Metadata> {
  const { code } = await params;
  return { title: isErrorPageCode(code) ? ERROR_PAGES[code].title : "Not found", referrer: "no-referrer" };
}

function VehicleFacts({ vehicle }: Pick<ConnectErrorDetails, "vehicle">) {
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

function Actions({ retry }: Pick<ConnectErrorDetails, "retry">) {
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
  return <VehicleFacts vehicle={(await connectErrorDetails(code)).vehicle} />;
}

async function UserActions({ code }: { code: ErrorPageCode }) {
  return <Actions retry={(await connectErrorDetails(code)).retry} />;
}

export default async function ConnectErrorPage({ params }: PageProps<"/connect/error/[code]">) {
  const { code } = await params;
  if (!isErrorPageCode(code)) notFound();
  const page = connectErrorPage(code);
  return (
    <div className="card narrow-wide" data-outcome={code}>
      <p className="eyebrow">Vehicle connection</p>
      <h1>{page.heading}</h1>
      {ERROR_PAGES[code].showsVehicle ? (
        <Suspense fallback={null}>
          <UserVehicle code={code} />
        </Suspense>
      ) : null}
      {page.paragraphs.map((text) => (
        <p key={text}>{text}</p>
      ))}
      <Suspense fallback={<Actions retry={page.retry} />}>
        <UserActions code={code} />
      </Suspense>
    </div>
  );
}
