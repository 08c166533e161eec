import { BRANDS, describePermission, findBrand } from "../catalog";
import type { Notice, Session, Vehicle } from "../state";
import type { Rejection } from "./flow";
import { html, type SafeHtml } from "./html";

// The Connect screens, as plain HTML forms that need no JavaScript. Headings, labels and button
// names are what the app's end-to-end tests click through.

export const STYLESHEET_PATH = "/static/connect.css";

const NOTICES: Record<Notice, string> = {
  invalid_login: "Enter the email address and password of your carmaker account.",
  invalid_code: "Enter the 6-digit verification code.",
  invalid_pin: "Enter your 4-digit PIN.",
  choose_brand: "Choose your vehicle's brand.",
  wrong_account: "Enter the email address of the account this vehicle belongs to",
};

function layout(title: string, content: SafeHtml): string {
  return html`<!doctype html>
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="no-referrer" />
        <meta name="robots" content="noindex" />
        <title>${title} · Connect (emulator)</title>
        <link rel="icon" href="data:," />
        <link rel="stylesheet" href="${STYLESHEET_PATH}" />
      </head>
      <body class="emulator">
        <p class="banner" role="note">
          <strong>Smartcar Connect emulator.</strong> Nothing here reaches a real carmaker.
        </p>
        <main class="container main">${content}</main>
      </body>
    </html> `.text;
}

function card(content: SafeHtml): SafeHtml {
  return html`<div class="card narrow connect-card">${content}</div>`;
}

function noticeOf(session: Session): SafeHtml | null {
  return session.notice
    ? html`<p class="alert alert-error" role="alert">${NOTICES[session.notice]}</p>`
    : null;
}

const backButton = html`<button
  type="submit"
  name="action"
  value="back"
  class="button button-quiet"
  formnovalidate
>
  Back to application
</button>`;

type Challenge = {
  heading: string;
  intro: string | null;
  field: { name: string; label: string; digits: number; secret: boolean };
  submit: { label: string; value: string };
  hint: string;
};

const CHALLENGES: Record<"mfa" | "pin", Challenge> = {
  mfa: {
    heading: "Verify it's you",
    intro: "Enter the verification code sent to your phone.",
    field: { name: "code", label: "Verification code", digits: 6, secret: false },
    submit: { label: "Verify", value: "verify" },
    hint: "Emulator: any 6 digits work.",
  },
  pin: {
    heading: "Enter your PIN",
    intro: null,
    field: { name: "pin", label: "PIN", digits: 4, secret: true },
    submit: { label: "Continue", value: "continue" },
    hint: "Emulator: any 4 digits work.",
  },
};

function challengeScreen(
  session: Session,
  action: string,
  brandName: string,
  c: Challenge,
): string {
  const { field } = c;
  return layout(
    c.heading,
    card(
      html`<p class="eyebrow">${brandName}</p>
        <h1>${c.heading}</h1>
        ${c.intro ? html`<p>${c.intro}</p>` : null} ${noticeOf(session)}
        <form method="post" action="${action}" class="form">
          <div class="field">
            <label for="${field.name}">${field.label}</label>
            <input
              id="${field.name}"
              name="${field.name}"
              type="${field.secret ? "password" : "text"}"
              inputmode="numeric"
              autocomplete="${field.secret ? "off" : "one-time-code"}"
              pattern="\\d{${field.digits}}"
              maxlength="${field.digits}"
              required
            />
          </div>
          <div class="actions">
            <button
              type="submit"
              name="action"
              value="${c.submit.value}"
              class="button button-primary"
            >
              ${c.submit.label}
            </button>
            ${backButton}
          </div>
        </form>
        <p class="muted small">${c.hint}</p>`,
    ),
  );
}

/** The screen for the session's current step. */
export function sessionScreen(session: Session, appName: string, vehicle: Vehicle | null): string {
  const action = `/connect/${encodeURIComponent(session.id)}`;
  const brand = findBrand(session.make);
  const brandName = brand?.name ?? "";
  switch (session.step) {
    case "brand":
      return layout(
        "Choose your vehicle's brand",
        card(
          html`<h1>Choose your vehicle's brand</h1>
            ${noticeOf(session)}
            <form method="post" action="${action}" class="brand-list">
              ${BRANDS.map(
                (b) =>
                  html`<button
                    type="submit"
                    name="make"
                    value="${b.make}"
                    class="button button-secondary"
                  >
                    ${b.name}
                  </button> `,
              )}
            </form>`,
        ),
      );
    case "login": {
      const reauth = session.kind === "reauthenticate";
      return layout(
        `Sign in to ${brandName}`,
        card(
          html`<p class="eyebrow">${brandName}</p>
            <h1>Sign in to ${brandName}</h1>
            ${
              reauth && vehicle
                ? html`<p>
                    Sign in again to keep ${appName} connected to your ${vehicle.year}
                    ${vehicle.model}.
                  </p>`
                : null
            }
            ${noticeOf(session)}
            <form method="post" action="${action}" class="form">
              <div class="field">
                <label for="email">Email</label>
                <input
                  id="email"
                  name="email"
                  type="email"
                  autocomplete="off"
                  required
                  maxlength="254"
                />
              </div>
              <div class="field">
                <label for="password">Password</label>
                <input
                  id="password"
                  name="password"
                  type="password"
                  autocomplete="off"
                  required
                  maxlength="256"
                />
              </div>
              <div class="actions">
                <button type="submit" name="action" value="sign-in" class="button button-primary">
                  Sign in
                </button>
                <button
                  type="submit"
                  name="action"
                  value="cancel"
                  class="button button-quiet"
                  formnovalidate
                >
                  Cancel
                </button>
              </div>
            </form>
            <p class="muted small">
              ${
                reauth
                  ? "Emulator: use the email this vehicle was connected with; any password works."
                  : "Emulator: any password works. " +
                    "Test emails such as smartcar@no-vehicles.com force an error."
              }
            </p>`,
        ),
      );
    }
    case "mfa":
    case "pin":
      return challengeScreen(session, action, brandName, CHALLENGES[session.step]);
    case "permissions":
      return layout(
        `${appName} wants to`,
        card(
          html`<p class="eyebrow">${brandName}</p>
            <h1>${appName} wants to</h1>
            <ul class="permission-list">
              ${session.permissions.map((permission) => html`<li>${describePermission(permission)}</li> `)}
            </ul>
            <form method="post" action="${action}" class="actions">
              <button type="submit" name="action" value="allow" class="button button-primary">
                Allow
              </button>
              <button type="submit" name="action" value="deny" class="button button-secondary">
                Deny
              </button>
              ${backButton}
            </form>`,
        ),
      );
    case "done":
      return closingScreen(session);
  }
}

/** A re-authentication that had no redirect_uri ends on Connect's own page. */
function closingScreen(session: Session): string {
  if (session.redirectUri || !session.outcome) return endedScreen();
  const done = session.outcome === "reauthenticated";
  const heading = done ? "Your vehicle is reconnected" : "Your vehicle wasn't reconnected";
  return layout(
    heading,
    card(
      html`<h1>${heading}</h1>
        <p>You can close this window and go back to the app.</p>`,
    ),
  );
}

export function endedScreen(): string {
  return layout(
    "This session has ended",
    card(
      html`<h1>This session has ended</h1>
        <p>Go back to the app you came from and start connecting again.</p>`,
    ),
  );
}

/**
 * `unknown_client` is the page integrators of the live service report when an API client id is
 * sent instead of the Application ID: `400: Invalid parameter client_id: <id>` (contract 1.1, "Two
 * identifiers"). The other page's words are the emulator's own.
 */
const REJECTIONS: Record<Rejection, { heading: string; text: string }> = {
  unknown_client: {
    heading: "400: Invalid parameter client_id",
    text:
      "Connect takes the application's Application ID (a UUID, Smartcar Dashboard > " +
      "Configuration) as application_id or client_id. The API client id (client_…) only gets " +
      "tokens.",
  },
  unknown_redirect_uri: {
    heading: "This redirect URI isn't registered",
    text:
      "The redirect_uri in this request isn't one of the application's registered redirect " +
      "URIs, so Connect won't send you there. Register it in the Smartcar Dashboard.",
  },
};

export function rejectedScreen(reason: Rejection, given: string): string {
  const { heading, text } = REJECTIONS[reason];
  const title = reason === "unknown_client" ? `${heading}: ${given.slice(0, 200)}` : heading;
  return layout(
    heading,
    card(
      html`<h1>${title}</h1>
        <p>${text}</p>`,
    ),
  );
}

export function failedScreen(message: string): string {
  const heading = "Something is wrong with this request";
  return layout(
    heading,
    card(
      html`<h1>${heading}</h1>
        <p>${message}</p>`,
    ),
  );
}
