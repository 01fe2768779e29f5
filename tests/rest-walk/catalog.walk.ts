import { madeId, rememberId, type PluginWalk } from "./walk-types";

const grantPath = (c: Parameters<typeof madeId>[0]) => ({ resourceType: "catalog.system", resourceId: madeId(c, "systemId") });

export const catalogWalk: PluginWalk = {
  steps: [
    { call: (c) => ({ operationId: "catalog.createSystem", path: {}, body: { name: "walk system", ownerTeamId: madeId(c, "teamId") } }), after: rememberId("systemId") },
    { call: (c) => ({ operationId: "catalog.createSystem", path: {}, body: { name: "walk database", ownerTeamId: madeId(c, "teamId") } }), after: rememberId("upstreamSystemId") },
    { call: () => ({ operationId: "catalog.listSystems", path: {}, query: { limit: "10" } }) },
    { call: (c) => ({ operationId: "catalog.getSystem", path: { systemId: madeId(c, "systemId") } }) },
    {
      call: (c) => ({
        operationId: "catalog.updateSystem",
        path: { systemId: madeId(c, "systemId") },
        body: { description: "walked", links: [{ label: "docs", url: "https://example.com/docs" }] },
      }),
    },
    // The walk system depends on the walk database; listed, then removed again (alerts below are not folded).
    {
      call: (c) => ({
        operationId: "catalog.addDependency",
        path: {},
        body: { systemId: madeId(c, "systemId"), dependsOnSystemId: madeId(c, "upstreamSystemId"), impact: "critical" },
      }),
    },
    { call: (c) => ({ operationId: "catalog.listDependencies", path: {}, body: { systemId: madeId(c, "systemId") } }) },
    {
      call: (c) => ({ operationId: "catalog.removeDependency", path: {}, body: { systemId: madeId(c, "systemId"), dependsOnSystemId: madeId(c, "upstreamSystemId") } }),
    },
    { call: (c) => ({ operationId: "auth.grants.grant", path: { ...grantPath(c), teamId: madeId(c, "teamId") }, body: { canRead: true } }) },
    { call: (c) => ({ operationId: "auth.grants.list", path: grantPath(c) }) },
    { call: (c) => ({ operationId: "auth.grants.setTeamOnly", path: grantPath(c), body: { teamOnly: false } }) },
    { call: (c) => ({ operationId: "auth.grants.revoke", path: { ...grantPath(c), teamId: madeId(c, "teamId") } }) },
    { call: () => ({ operationId: "catalog.createGroup", path: {}, body: { name: "walk group" } }), after: rememberId("groupId") },
    { call: () => ({ operationId: "catalog.listGroups", path: {} }) },
    { call: (c) => ({ operationId: "catalog.updateGroup", path: { groupId: madeId(c, "groupId") }, body: { description: "walked" } }) },
    { call: (c) => ({ operationId: "catalog.addSystemToGroup", path: { groupId: madeId(c, "groupId"), systemId: madeId(c, "systemId") } }) },
    { call: (c) => ({ operationId: "catalog.listGroupSystems", path: { groupId: madeId(c, "groupId") } }) },
    { call: (c) => ({ operationId: "catalog.removeSystemFromGroup", path: { groupId: madeId(c, "groupId"), systemId: madeId(c, "systemId") } }) },
  ],
  cleanup: [
    { call: (c) => ({ operationId: "catalog.deleteGroup", path: { groupId: madeId(c, "groupId") } }) },
    { call: (c) => ({ operationId: "catalog.deleteSystem", path: { systemId: madeId(c, "systemId") } }) },
    { call: (c) => ({ operationId: "catalog.deleteSystem", path: { systemId: madeId(c, "upstreamSystemId") } }) },
  ],
};
