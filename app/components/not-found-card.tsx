import Link from "next/link";

/** "Page not found", with the way home: for unmatched addresses and for notFound() alike. */
export function NotFoundCard() {
  return (
    <div className="card narrow">
      <h1>Page not found</h1>
      <p>There is nothing at this address.</p>
      <Link href="/" className="button button-primary">
        Home
      </Link>
    </div>
  );
}
