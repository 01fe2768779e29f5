import { madeId, rememberId, type PluginWalk } from "./walk-types";

const pageRef = (c: Parameters<typeof madeId>[0]) => ({ pageId: madeId(c, "pageId") });

/** A page showing the walk system, published and taken back to draft. */
export const statuspageWalk: PluginWalk = {
  steps: [
    {
      call: (c) => ({
        operationId: "statuspage.createPage",
        path: {},
        body: { slug: "walk-page", title: "Walk status", sections: [{ title: "Services", items: [{ kind: "system", systemId: madeId(c, "systemId"), displayName: "Walk" }] }] },
      }),
      after: rememberId("pageId"),
    },
    { call: () => ({ operationId: "statuspage.listPages", path: {}, body: { limit: 10 } }) },
    { call: (c) => ({ operationId: "statuspage.getPage", path: {}, body: pageRef(c) }) },
    { call: (c) => ({ operationId: "statuspage.updatePage", path: {}, body: { ...pageRef(c), description: "walked", theme: "dark" } }) },
    { call: (c) => ({ operationId: "statuspage.publishPage", path: {}, body: pageRef(c) }) },
    { call: (c) => ({ operationId: "statuspage.unpublishPage", path: {}, body: pageRef(c) }) },
  ],
  cleanup: [{ call: (c) => ({ operationId: "statuspage.deletePage", path: {}, body: pageRef(c) }) }],
};
