import { describe, expect, test } from "bun:test";
import type { PublicIncident, PublicMaintenance } from "@checkstack/backend-api";
import { componentStatus, dependencyCause, overallStatus, publicComponentId, type PublicComponent } from "./snapshot";

const at = new Date("2026-01-01T00:00:00Z");
const incident = (impact: PublicIncident["impact"], systemId: string, status: PublicIncident["status"] = "investigating"): PublicIncident => ({
  id: "i",
  title: "t",
  status,
  impact,
  systemImpacts: { [systemId]: impact },
  createdAt: at,
  updatedAt: at,
  resolvedAt: status === "resolved" ? at : null,
  updates: [],
});
const maintenance = (status: PublicMaintenance["status"], systemId: string): PublicMaintenance => ({
  id: "m",
  title: "t",
  description: "",
  status,
  systemIds: [systemId],
  scheduledFor: at,
  scheduledUntil: at,
  updatedAt: at,
  updates: [],
});
const component = (status: PublicComponent["status"]): PublicComponent => ({
  id: "c",
  name: "n",
  sectionTitle: "s",
  position: 1,
  status,
  noData: false,
  days: [],
  uptime: null,
  systemIds: ["a"],
  cause: null,
});

describe("component status", () => {
  const live = new Map([
    ["a", "healthy"],
    ["b", "unhealthy"],
    ["c", "degraded"],
  ] as const);
  test("live health, a group partly down, incident impact and maintenance in progress", () => {
    expect(componentStatus({ systemIds: ["a"], live, incidents: [], maintenances: [] })).toBe("operational");
    expect(componentStatus({ systemIds: ["c"], live, incidents: [], maintenances: [] })).toBe("degraded_performance");
    expect(componentStatus({ systemIds: ["b"], live, incidents: [], maintenances: [] })).toBe("major_outage");
    expect(componentStatus({ systemIds: ["a", "b"], live, incidents: [], maintenances: [] })).toBe("partial_outage");
    expect(componentStatus({ systemIds: ["a"], live, incidents: [incident("major", "a")], maintenances: [] })).toBe("partial_outage");
    expect(componentStatus({ systemIds: ["a"], live, incidents: [incident("critical", "a", "resolved")], maintenances: [] })).toBe("operational");
    expect(componentStatus({ systemIds: ["b"], live, incidents: [], maintenances: [maintenance("in_progress", "b")] })).toBe("under_maintenance");
    expect(componentStatus({ systemIds: ["b"], live, incidents: [], maintenances: [maintenance("scheduled", "b")] })).toBe("major_outage");
  });
});

describe("the banner: maintenance > incident > live status", () => {
  test("each level wins over the ones after it", () => {
    expect(overallStatus({ components: [component("major_outage")], incidents: [incident("minor", "a")], maintenances: [maintenance("in_progress", "a")] }).indicator).toBe("maintenance");
    expect(overallStatus({ components: [component("major_outage")], incidents: [incident("minor", "a")], maintenances: [] }).indicator).toBe("minor");
    expect(overallStatus({ components: [component("major_outage")], incidents: [], maintenances: [] })).toEqual({ indicator: "critical", description: "Major System Outage" });
    expect(overallStatus({ components: [component("operational")], incidents: [], maintenances: [maintenance("scheduled", "a")] })).toEqual({
      indicator: "none",
      description: "All Systems Operational",
    });
  });

  test("component ids are stable, short and do not contain the catalog id", () => {
    const id = publicComponentId("page", "system", "0f2c8d9e-1111-4111-8111-111111111111");
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(publicComponentId("page", "system", "0f2c8d9e-1111-4111-8111-111111111111")).toBe(id);
    expect(publicComponentId("other", "system", "0f2c8d9e-1111-4111-8111-111111111111")).not.toBe(id);
  });
});

describe("degradation caused by a dependency", () => {
  const live = new Map([
    ["api", "healthy"],
    ["db", "unhealthy"],
    ["cache", "degraded"],
    ["hidden", "unhealthy"],
  ] as const);
  const onPage: Record<string, string> = { db: "Database", cache: "Cache" };
  const publicName = (id: string) => onPage[id];
  const cause = (upstream: Array<{ systemId: string; depth: number }>) => dependencyCause({ systemIds: ["api"], live, upstream: new Map([["api", upstream]]), publicName });

  test("the nearest failing upstream is named by its display name; one not on the page is 'a dependency'", () => {
    expect(cause([{ systemId: "db", depth: 1 }])).toBe("Degraded because Database is down");
    expect(cause([{ systemId: "cache", depth: 1 }])).toBe("Degraded because Cache is degraded");
    expect(cause([{ systemId: "hidden", depth: 1 }])).toBe("Degraded because a dependency is down");
    expect(cause([{ systemId: "hidden", depth: 2 }, { systemId: "db", depth: 1 }])).toBe("Degraded because Database is down");
    expect(cause([{ systemId: "cache", depth: 1 }, { systemId: "db", depth: 1 }])).toBe("Degraded because Database is down");
    expect(cause([{ systemId: "api", depth: 1 }])).toBeNull();
    expect(cause([])).toBeNull();
  });

  test("a dependency lowers an operational component to degraded, never above what it is", () => {
    expect(componentStatus({ systemIds: ["api"], live, incidents: [], maintenances: [], dependencyDegraded: true })).toBe("degraded_performance");
    expect(componentStatus({ systemIds: ["api"], live, incidents: [incident("critical", "api")], maintenances: [], dependencyDegraded: true })).toBe("major_outage");
    expect(componentStatus({ systemIds: ["api"], live, incidents: [], maintenances: [maintenance("in_progress", "api")], dependencyDegraded: true })).toBe("under_maintenance");
  });
});
