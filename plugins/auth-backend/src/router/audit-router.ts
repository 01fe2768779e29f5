import { os, type AuthRouterDeps } from "./implementer";

export function createAuditRouter({ admin }: AuthRouterDeps) {
  return {
    query: os.audit.query.handler(async ({ input }) => {
      const entries = await admin.queryAudit(input);
      const last = entries.at(-1);
      // A full page may be the last one: look one entry further before offering a next page.
      const more = last !== undefined && entries.length === input.limit && (await admin.queryAudit({ ...input, beforeId: last.id, limit: 1 })).length > 0;
      return { entries, nextBeforeId: more && last ? last.id : null };
    }),
  };
}
