import { createHook } from "@checkstack/backend-api";

/** A page was created, changed, published, unpublished or deleted; every instance drops its cached copy. */
export const statuspageHooks = {
  pageChanged: createHook<{ pageId: string; slug: string }>("statuspage.page.changed"),
} as const;
