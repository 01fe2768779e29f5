/** One page of a cursor-paged list, as the list procedures answer it. */
export interface CursorPage<T> {
  items: T[];
  nextCursor?: string | null;
}

/**
 * Every item of a cursor-paged list, read page by page until the server gives no next cursor.
 * For selects and lookups that need the whole list; keep `fetchPage`'s page size large so a
 * big installation takes few round trips.
 */
export async function readAllPages<T>(fetchPage: (cursor: string | undefined) => Promise<CursorPage<T>>): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await fetchPage(cursor);
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}
