import { z } from "zod";

// `page[number]` / `page[size]` (contract 4.1): integers, number >= 1, size 1-100. A bad value is a
// 400 VALIDATION, not silently replaced.

const positive = (max: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, "must be a positive integer")
    .transform(Number)
    .pipe(z.number().int().min(1).max(max));

export type Page = { number: number; size: number };

/**
 * The page a request asks for. `names` are the query parameters: `page[number]`/`page[size]` on
 * connections (contract 4.1), `page`/`pageSize` on signals, the form of the documented signals
 * links (contract 6.1).
 */
export function readPage(
  query: URLSearchParams,
  defaultSize: number,
  names: { number: string; size: string } = { number: "page[number]", size: "page[size]" },
): { ok: true; page: Page } | { ok: false; detail: string } {
  const number = positive(1_000_000).safeParse(query.get(names.number) ?? "1");
  if (!number.success)
    return { ok: false, detail: `${names.number} ${number.error.issues[0]!.message}` };
  const size = positive(100).safeParse(query.get(names.size) ?? String(defaultSize));
  if (!size.success) return { ok: false, detail: `${names.size} ${size.error.issues[0]!.message}` };
  return { ok: true, page: { number: number.data, size: size.data } };
}

/** The signals list's own link form: `?page=N&pageSize=M` (contract 6.1). */
export const SIGNALS_PAGE = { number: "page", size: "pageSize" } as const;

/** The items of one page, and the numbers the links need. */
export function slice<T>(items: readonly T[], page: Page) {
  const last = Math.max(1, Math.ceil(items.length / page.size));
  const start = (page.number - 1) * page.size;
  return {
    items: items.slice(start, start + page.size),
    last,
    prev: page.number > 1 ? Math.min(page.number - 1, last) : null,
    next: page.number < last ? page.number + 1 : null,
  };
}

/** `base?<extra>&page[number]=n&page[size]=s`, brackets unencoded as in the documented links. */
export function pageLink(
  base: string,
  extra: [string, string][],
  number: number,
  size: number,
): string {
  const parts = [
    ...extra.map(([k, v]) => `${k}=${encodeURIComponent(v)}`),
    `page[number]=${number}`,
    `page[size]=${size}`,
  ];
  return `${base}?${parts.join("&")}`;
}
