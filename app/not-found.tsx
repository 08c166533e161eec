import type { Metadata } from "next";
import { NotFoundCard } from "@/app/components/not-found-card";

// The 404 of every address no route matches, and of notFound() in a page: served from the build.
export const metadata: Metadata = { title: "Page not found" };

export default function NotFound() {
  return <NotFoundCard />;
}
