import { os, type AuthRouterDeps } from "./implementer";

export function createAuditRouter({ admin }: AuthRouterDeps) {
  return {
    list: os.audit.list.handler(async ({ input }) => {
      // The cursor is the id of the last entry of the previous page (the schema admits digits only).
      const { cursor, ...filters } = input;
      const query = { ...filters, beforeId: cursor === undefined ? undefined : Number(cursor) };
      const items = await admin.queryAudit(query);
      const last = items.at(-1);
      // A full page may be the last one: look one entry further before offering a next page.
      const more = last !== undefined && items.length === input.limit && (await admin.queryAudit({ ...query, beforeId: last.id, limit: 1 })).length > 0;
      return { items, nextCursor: more && last ? String(last.id) : null };
    }),
  };
}
