import { createContractApi } from "@checkstack/frontend-api";
import { contractOperations } from "@checkstack/frontend-api/macros" with { type: "macro" };
import type { statuspageContract } from "@checkstack/statuspage-common/contract";

/** Every call of the status-page screens goes through these clients: a renamed procedure changes here only. */
export const statuspageApi = createContractApi<typeof statuspageContract>(
  "statuspage",
  contractOperations("@checkstack/statuspage-common/contract", "statuspageContract"),
);

export const rules = {
  pageRead: "statuspage.page.read",
  pageManage: "statuspage.page.manage",
} as const;

export type StatusPage = Awaited<ReturnType<typeof statuspageApi.client.getPage>>;
export type Section = StatusPage["sections"][number];
export type SectionItem = Section["items"][number];
export type Theme = StatusPage["theme"];
export type Visibility = StatusPage["visibility"];

/** Where the public reads a page. */
export const publicPath = (slug: string) => `/status/${encodeURIComponent(slug)}`;
