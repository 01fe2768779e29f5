import { createContractApi } from "@checkstack/frontend-api";
import { contractOperations } from "@checkstack/frontend-api/macros" with { type: "macro" };
import type { statuspageContract } from "@checkstack/statuspage-common/contract";
import type { catalogContract } from "@checkstack/catalog-common/contract";

/** Every call of the status-page screens goes through these clients: a renamed procedure changes here only. */
export const statuspageApi = createContractApi<typeof statuspageContract>(
  "statuspage",
  contractOperations("@checkstack/statuspage-common/contract", "statuspageContract"),
);
/** Systems and groups, to fill a page's sections. */
export const catalogApi = createContractApi<typeof catalogContract>("catalog", contractOperations("@checkstack/catalog-common/contract", "catalogContract"));

export const rules = {
  pageRead: "statuspage.page.read",
  pageManage: "statuspage.page.manage",
  systemRead: "catalog.system.read",
  groupRead: "catalog.group.read",
} as const;

export type StatusPage = Awaited<ReturnType<typeof statuspageApi.client.getPage>>;
export type Section = StatusPage["sections"][number];
export type SectionItem = Section["items"][number];
export type Theme = StatusPage["theme"];
export type Visibility = StatusPage["visibility"];

/** Where the public reads a page. */
export const publicPath = (slug: string) => `/status/${encodeURIComponent(slug)}`;
