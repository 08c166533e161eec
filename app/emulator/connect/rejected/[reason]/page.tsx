import { notFound } from "next/navigation";

const REASONS = {
  unknown_client: {
    heading: "This app isn't registered",
    text: "The client_id in this request doesn't match any application registered with Smartcar, so Connect can't continue.",
  },
  unknown_redirect_uri: {
    heading: "This redirect URI isn't registered",
    text: "The redirect_uri in this request isn't one of the application's registered redirect URIs, so Connect won't send you there. Register it in the Smartcar Dashboard.",
  },
} as const;

export default async function RejectedPage({ params }: PageProps<"/emulator/connect/rejected/[reason]">) {
  const { reason } = await params;
  if (!(reason in REASONS)) notFound();
  const { heading, text } = REASONS[reason as keyof typeof REASONS];
  return (
    <div className="card narrow connect-card">
      <h1>{heading}</h1>
      <p>{text}</p>
    </div>
  );
}
