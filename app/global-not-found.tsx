import type { Metadata } from "next";
import { NotFoundCard } from "@/app/components/not-found-card";
import { connection } from "next/server";
import "./globals.css";

// The 404 for addresses no route matches. The app has two root layouts (the site and the
// emulator), so this page is its own document
// (https://nextjs.org/docs/app/api-reference/file-conventions/not-found#global-not-foundjs-experimental).

export const metadata: Metadata = { title: "Page not found · Smartcar Connect for Next.js" };

// Rendered whole at request time (connection() below), not prerendered with a shell.
export const instant = false;

export default async function GlobalNotFound() {
  // Rendered per request like every page, so the CSP nonce of proxy.ts reaches its scripts: a
  // prerendered page has none, and the policy would block them.
  await connection();
  return (
    <html lang="en">
      <body>
        <main className="container main">
          <NotFoundCard />
        </main>
      </body>
    </html>
  );
}
