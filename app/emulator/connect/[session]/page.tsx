import type { Metadata } from "next";
import { describePermission } from "@/lib/emulator/catalog";
import { loadScreen, type Notice } from "@/lib/emulator/connect-flow";

export const metadata: Metadata = { title: "Connect your vehicle", referrer: "no-referrer" };

const NOTICES: Record<Notice, string> = {
  invalid_login: "Enter the email address and password of your carmaker account.",
  invalid_code: "Enter the 6-digit verification code.",
  invalid_pin: "Enter your 4-digit PIN.",
  choose_brand: "Choose your vehicle's brand.",
};

function BackButton() {
  return (
    <button type="submit" name="action" value="back" className="button button-quiet" formNoValidate>
      Back to application
    </button>
  );
}

export default async function ConnectScreen({ params }: PageProps<"/emulator/connect/[session]">) {
  const { session } = await params;
  const screen = await loadScreen(session);
  if (!screen) {
    return (
      <div className="card narrow connect-card">
        <h1>This session has ended</h1>
        <p>Go back to the app you came from and start connecting again.</p>
      </div>
    );
  }
  const action = `/emulator/connect/${encodeURIComponent(screen.sessionId)}/step`;
  const notice = screen.notice ? (
    <p className="alert alert-error" role="alert">
      {NOTICES[screen.notice]}
    </p>
  ) : null;

  switch (screen.step) {
    case "brand":
      return (
        <div className="card narrow connect-card">
          <h1>Choose your vehicle&apos;s brand</h1>
          {notice}
          <form method="post" action={action} className="brand-list">
            {screen.brands.map((brand) => (
              <button key={brand.make} type="submit" name="make" value={brand.make} className="button button-secondary">
                {brand.name}
              </button>
            ))}
          </form>
        </div>
      );
    case "login":
      return (
        <div className="card narrow connect-card">
          <p className="eyebrow">{screen.brand?.name}</p>
          <h1>Sign in to {screen.brand?.name}</h1>
          {notice}
          <form method="post" action={action} className="form">
            <div className="field">
              <label htmlFor="email">Email</label>
              <input id="email" name="email" type="email" autoComplete="off" required maxLength={254} />
            </div>
            <div className="field">
              <label htmlFor="password">Password</label>
              <input id="password" name="password" type="password" autoComplete="off" required maxLength={256} />
            </div>
            <div className="actions">
              <button type="submit" name="action" value="sign-in" className="button button-primary">
                Sign in
              </button>
              <button type="submit" name="action" value="cancel" className="button button-quiet" formNoValidate>
                Cancel
              </button>
            </div>
          </form>
          <p className="muted small">Emulator: any password works. Test emails such as smartcar@no-vehicles.com force an error.</p>
        </div>
      );
    case "mfa":
      return (
        <div className="card narrow connect-card">
          <p className="eyebrow">{screen.brand?.name}</p>
          <h1>Verify it&apos;s you</h1>
          <p>Enter the verification code sent to your phone.</p>
          {notice}
          <form method="post" action={action} className="form">
            <div className="field">
              <label htmlFor="code">Verification code</label>
              <input id="code" name="code" inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} required />
            </div>
            <div className="actions">
              <button type="submit" name="action" value="verify" className="button button-primary">
                Verify
              </button>
              <BackButton />
            </div>
          </form>
          <p className="muted small">Emulator: any 6 digits work.</p>
        </div>
      );
    case "pin":
      return (
        <div className="card narrow connect-card">
          <p className="eyebrow">{screen.brand?.name}</p>
          <h1>Enter your PIN</h1>
          {notice}
          <form method="post" action={action} className="form">
            <div className="field">
              <label htmlFor="pin">PIN</label>
              <input id="pin" name="pin" type="password" inputMode="numeric" pattern="\d{4}" maxLength={4} required />
            </div>
            <div className="actions">
              <button type="submit" name="action" value="continue" className="button button-primary">
                Continue
              </button>
              <BackButton />
            </div>
          </form>
          <p className="muted small">Emulator: any 4 digits work.</p>
        </div>
      );
    case "permissions":
      return (
        <div className="card narrow connect-card">
          <p className="eyebrow">{screen.brand?.name}</p>
          <h1>{screen.appName} wants to</h1>
          <ul className="permission-list">
            {screen.permissions.map((p) => (
              <li key={p}>{describePermission(p)}</li>
            ))}
          </ul>
          <form method="post" action={action} className="actions">
            <button type="submit" name="action" value="allow" className="button button-primary">
              Allow
            </button>
            <button type="submit" name="action" value="deny" className="button button-secondary">
              Deny
            </button>
            <BackButton />
          </form>
        </div>
      );
  }
}
