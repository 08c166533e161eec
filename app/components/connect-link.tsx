import type { ReactNode } from "react";

// A plain <a>, not next/link: /connect is a route handler that records a launch and redirects to
// Connect on another site. next/link would fetch it from the client router first (running it once),
// fail to render the off-site answer, and then navigate for real (running it again), so every click
// would leave an extra launch behind (docs/references.md [next-link]).
export function ConnectLink({
  href = "/connect",
  className,
  children,
}: {
  href?: string;
  className: string;
  children: ReactNode;
}) {
  return (
    <a href={href} className={className}>
      {children}
    </a>
  );
}
