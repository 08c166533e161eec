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

type ChallengeProps = {
  brandName: string | undefined;
  heading: string;
  intro?: string;
  notice: React.ReactNode;
  action: string;
  field: { name: string; label: string; digits: number; secret: boolean };
  submit: { label: string; value: string };
  hint: string;
};

/** The carmaker's second step: an MFA code or a PIN. */
function ChallengeScreen({ brandName, heading, intro, notice, action, field, submit, hint }: ChallengeProps) {
  return (
    <div className="card narrow connect-card">
      <p className="eyebrow">{brandName}</p>
      <h1>{heading}</h1>
      {intro ? <p>{intro}</p> : null}
      {notice}
      <form method="post" action={action} className="form">
        <div className="field">
          <label htmlFor={field.name}>{field.label}</label>
          <input
            id={field.name}
            name={field.name}
            type={field.secret ? "password" : "text"}
            inputMode="numeric"
            autoComplete={field.secret ? "off" : "one-time-code"}
            pattern={`\\d{${field.digits}}`}
            maxLength={field.digits}
            required
          />
        </div>
        <div className="actions">
          <button type="submit" name="action" value={submit.value} className="button button-primary">
            {submit.label}
          </button>
          <BackButton />
        </div>
      </form>
      <p className="muted small">{hint}</p>
    </div>
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
        <ChallengeScreen
          brandName={screen.brand?.name}
          heading="Verify it's you"
          intro="Enter the verification code sent to your phone."
          notice={notice}
          action={action}
          field={{ name: "code", label: "Verification code", digits: 6, secret: false }}
          submit={{ label: "Verify", value: "verify" }}
          hint="Emulator: any 6 digits work."
        />
      );
    case "pin":
      return (
        <ChallengeScreen
          brandName={screen.brand?.name}
          heading="Enter your PIN"
          notice={notice}
          action={action}
          field={{ name: "pin", label: "PIN", digits: 4, secret: true }}
          submit={{ label: "Continue", value: "continue" }}
          hint="Emulator: any 4 digits work."
        />
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
