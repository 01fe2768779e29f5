import { madeId, rememberId, type PluginWalk } from "./walk-types";

/** An incident on the walk system, through its timeline to resolved (incidents are kept: there is no delete). */
export const incidentWalk: PluginWalk = {
  steps: [
    {
      call: (c) => ({
        operationId: "incident.createIncident",
        path: {},
        body: { title: "walk incident", message: "Looking into it", impact: "minor", systems: [{ systemId: madeId(c, "systemId"), impact: "minor" }] },
      }),
      after: rememberId("incidentId"),
    },
    { call: () => ({ operationId: "incident.listIncidents", path: {}, body: { limit: 10, state: "open" } }) },
    { call: (c) => ({ operationId: "incident.getIncident", path: {}, body: { incidentId: madeId(c, "incidentId") } }) },
    {
      call: (c) => ({
        operationId: "incident.postIncidentUpdate",
        path: {},
        body: { incidentId: madeId(c, "incidentId"), message: "Found the cause", status: "identified", impact: "major" },
      }),
    },
    { call: (c) => ({ operationId: "incident.resolveIncident", path: {}, body: { incidentId: madeId(c, "incidentId"), message: "Fixed" } }) },
  ],
};
