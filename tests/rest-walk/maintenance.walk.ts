import { madeId, type PluginWalk } from "./walk-types";

/** A wall-clock time `days` from now in UTC, as maintenance windows take it ("2026-03-29T02:30"). */
const localDay = (days: number, time: string) => `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T${time}`;

/** A daily window on the walk system: one occurrence cancelled, then the whole window. */
export const maintenanceWalk: PluginWalk = {
  steps: [
    {
      call: (c) => ({
        operationId: "maintenance.createWindow",
        path: {},
        body: {
          title: "walk maintenance",
          systemIds: [madeId(c, "systemId")],
          start: localDay(2, "02:00"),
          end: localDay(2, "03:00"),
          timezone: "UTC",
          recurrence: { kind: "daily" },
          until: localDay(5, "00:00"),
        },
      }),
      after: (body, context) => {
        const window = body as { id: string; occurrences: Array<{ id: string }> };
        context.made["windowId"] = window.id;
        const first = window.occurrences[0];
        if (!first) throw new Error(`the daily window has no occurrences: ${JSON.stringify(body)}`);
        context.made["occurrenceId"] = first.id;
      },
    },
    { call: () => ({ operationId: "maintenance.listWindows", path: {}, body: { limit: 10 } }) },
    { call: (c) => ({ operationId: "maintenance.getWindow", path: {}, body: { windowId: madeId(c, "windowId") } }) },
    { call: (c) => ({ operationId: "maintenance.updateWindow", path: {}, body: { windowId: madeId(c, "windowId"), description: "walked", upcomingLeadMinutes: 30 } }) },
    {
      call: (c) => ({ operationId: "maintenance.cancelOccurrence", path: {}, body: { windowId: madeId(c, "windowId"), occurrenceId: madeId(c, "occurrenceId") } }),
    },
  ],
  cleanup: [{ call: (c) => ({ operationId: "maintenance.cancelWindow", path: {}, body: { windowId: madeId(c, "windowId") } }) }],
};
