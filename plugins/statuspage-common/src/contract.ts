import { proc } from "@checkstack/common";
import { statuspageAccess } from "./access";
import { CreatePageSchema, DeletedSchema, ListPagesInputSchema, PageListSchema, PageRefSchema, PageSchema, UpdatePageSchema } from "./schemas";

const { page } = statuspageAccess;

/**
 * Administration of status pages. What the public reads is not here: it is served as plain HTTP under
 * /status/<slug> (HTML, Statuspage-compatible JSON, feeds, badges), from published pages only.
 * Reads need a signed-in caller: a draft's sections name internal systems.
 */
export const statuspageContract = {
  /** Pages ordered by slug, a keyset page at a time; pass nextCursor back for the next. */
  listPages: proc({ operationType: "query", userType: "authenticated", access: [page.read], instanceAccess: { listKey: "items" } })
    .input(ListPagesInputSchema)
    .output(PageListSchema),
  getPage: proc({ operationType: "query", userType: "authenticated", access: [page.read] }).input(PageRefSchema).output(PageSchema),
  createPage: proc({ operationType: "mutation", userType: "authenticated", access: [page.manage], instanceAccess: {} })
    .input(CreatePageSchema)
    .output(PageSchema),
  updatePage: proc({ operationType: "mutation", userType: "authenticated", access: [page.manage] }).input(UpdatePageSchema).output(PageSchema),
  /** draft → published: from now on the page is served under /status/<slug>. */
  publishPage: proc({ operationType: "mutation", userType: "authenticated", access: [page.manage] }).input(PageRefSchema).output(PageSchema),
  /** published → draft: the public routes answer 404 again. */
  unpublishPage: proc({ operationType: "mutation", userType: "authenticated", access: [page.manage] }).input(PageRefSchema).output(PageSchema),
  deletePage: proc({ operationType: "mutation", userType: "authenticated", access: [page.manage] }).input(PageRefSchema).output(DeletedSchema),
};
