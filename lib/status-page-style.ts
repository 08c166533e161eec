import "server-only";
import { createHash } from "node:crypto";

// The one inline stylesheet of the plain status pages (lib/unavailable-page.ts). Those pages are
// answered by route handlers, which Next.js does not give a nonce, so the Content-Security-Policy
// allows this exact text by its hash (docs/references.md [csp3-external-hash]), and nothing else.

export const STATUS_PAGE_STYLE = `body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1.25rem;line-height:1.55;color:#14171f;background:#f6f7f9}
@media (prefers-color-scheme:dark){body{color:#eceef2;background:#0f1115}a{color:#8fb3ff}}
a.button{display:inline-block;padding:.6rem 1.2rem;border-radius:999px;background:#1d4ed8;color:#fff;text-decoration:none;font-weight:600}`;

/** The CSP source that allows STATUS_PAGE_STYLE, e.g. `'sha256-…'`. */
export const STATUS_PAGE_STYLE_SOURCE = `'sha256-${createHash("sha256").update(STATUS_PAGE_STYLE).digest("base64")}'`;
