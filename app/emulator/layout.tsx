import type { Metadata } from "next";
import { requireEmulator } from "@/lib/emulator/guard";
import "../globals.css";

export const metadata: Metadata = {
  title: { default: "Connect (emulator)", template: "%s · Connect (emulator)" },
  robots: { index: false },
};

// The emulator has a root layout of its own: it stands in for a different site, Smartcar's.
export default function EmulatorLayout({ children }: LayoutProps<"/emulator">) {
  requireEmulator();
  return (
    <html lang="en">
      <body className="emulator">
        <p className="banner" role="note">
          <strong>Smartcar Connect emulator.</strong> Nothing here reaches a real carmaker.
        </p>
        <main className="container main">{children}</main>
      </body>
    </html>
  );
}
