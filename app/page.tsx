import Link from "next/link";
import { Suspense } from "react";
import { ConnectLink } from "@/app/components/connect-link";
import { doctorPageIsOpen } from "@/lib/doctor/availability";
import { PAGE } from "@/lib/doctor/copy";
import { readSession } from "@/lib/session";

/** In development, the way to the checks of `npm run doctor` (app/doctor). */
function SetupCheckLink() {
  if (!doctorPageIsOpen()) return null;
  return (
    <p className="small">
      <Link href="/doctor">{PAGE.link}</Link>
    </p>
  );
}

/** The signed-out home: prerendered, and what the page shows until the session is read. */
function SignedOutHome() {
  return (
    <section className="hero">
      <h1>Connect your car in a minute</h1>
      <p className="lead">
        Link your vehicle through Smartcar Connect to see its battery, locks, odometer and location,
        and to lock it or start charging from here. You choose what to share, and you can disconnect
        at any time.
      </p>
      <div className="actions">
        <Link href="/sign-up" className="button button-primary button-large">
          Sign up
        </Link>
        <Link href="/sign-in" className="button button-secondary button-large">
          Sign in
        </Link>
      </div>
      <SetupCheckLink />
    </section>
  );
}

async function Home() {
  const read = await readSession();
  if (read.kind !== "signed-in") return <SignedOutHome />;
  const { user } = read;
  return (
    <section className="hero">
      <p className="eyebrow">Signed in as {user.email}</p>
      <h1>Welcome back</h1>
      <p className="lead">
        Connect a vehicle to let this app read its battery, locks, odometer and location through
        Smartcar, and lock it or control its charging when you ask. You will sign in with your
        carmaker account and choose what to share.
      </p>
      <div className="actions">
        <ConnectLink className="button button-primary button-large">Connect a vehicle</ConnectLink>
      </div>
      <SetupCheckLink />
    </section>
  );
}

export default function HomePage() {
  return (
    <Suspense fallback={<SignedOutHome />}>
      <Home />
    </Suspense>
  );
}
