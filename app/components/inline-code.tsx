/** Text whose `backticked` parts are commands or names, shown as code. */
export function InlineCode({ text }: { text: string }) {
  return text.split("`").map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part));
}
