import { madeId, rememberId, type PluginWalk } from "./walk-types";

export const myfeatureWalk: PluginWalk = {
  steps: [
    { call: () => ({ operationId: "myfeature.getPublicInfo", path: {}, auth: "none" }) },
    { call: () => ({ operationId: "myfeature.createItem", path: {}, body: { name: "walk item" } }), after: rememberId("itemId") },
    { call: () => ({ operationId: "myfeature.getItems", path: {} }) },
    { call: (c) => ({ operationId: "myfeature.getItem", path: { itemId: madeId(c, "itemId") } }) },
    { call: (c) => ({ operationId: "myfeature.deleteItem", path: { itemId: madeId(c, "itemId") } }) },
  ],
};
