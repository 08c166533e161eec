import Link from "next/link";

export default function NotFound() {
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
