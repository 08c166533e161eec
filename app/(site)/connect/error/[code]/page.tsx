import type { Metadata } from "next";
import Link from "next/link";
import { ConnectLink } from "@/app/components/connect-link";
import { notFound } from "next/navigation";
import { describeConnectError } from "@/lib/connect/error-page";
import { ERROR_PAGE_CODES, isErrorPageCode } from "@/lib/connect/codes";
import { ERROR_PAGES } from "@/lib/connect/copy";

export const dynamicParams = false;

export function generateStaticParams() {
  return ERROR_PAGE_CODES.map((code) => ({ code }));
}

export async function generateMetadata({ params }: PageProps<"/connect/error/[code]">): Promise<Metadata> {
  const { code } = await params;
  return { title: isErrorPageCode(code) ? ERROR_PAGES[code].title : "Not found", referrer: "no-referrer" };
}

export default async function ConnectErrorPage({ params }: PageProps<"/connect/error/[code]">) {
  const { code } = await params;
  if (!isErrorPageCode(code)) notFound();
  const page = await describeConnectError(code);
  return (
    <div className="card narrow-wide" data-outcome={code}>
      <p className="eyebrow">Vehicle connection</p>
      <h1>{page.heading}</h1>
      {page.vehicle ? (
        <dl className="vehicle-facts" aria-label="The vehicle">
          {page.vehicle.description ? (
            <div>
              <dt>Vehicle</dt>
              <dd>{page.vehicle.description}</dd>
            </div>
          ) : null}
          {page.vehicle.maskedVin ? (
            <div>
              <dt>VIN</dt>
              <dd className="mono">{page.vehicle.maskedVin}</dd>
            </div>
          ) : null}
        </dl>
      ) : null}
      {page.paragraphs.map((text) => (
        <p key={text}>{text}</p>
      ))}
      <div className="actions">
        {page.retry ? (
          <ConnectLink href={page.retry.href} className="button button-primary button-large">
            {page.retry.label}
          </ConnectLink>
        ) : null}
        <Link href="/" className="button button-secondary button-large">
          Back to home
        </Link>
      </div>
    </div>
  );
}
