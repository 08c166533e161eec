import { NotFoundCard } from "@/app/components/not-found-card";

export default function NotFound() {
  return <NotFoundCard />;
}
