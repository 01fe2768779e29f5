import { describe, expect, test } from "bun:test";
import { createRecordingLogger } from "@checkstack/backend-api";
import type { MaintenanceProvider } from "@checkstack/notification-common";
import { joinNames, renderMessage } from "./delivery/render";
import { retryDelayMs } from "./delivery/sender";
import { ruleCovers, ruleFires, type RuleRow } from "./pipeline/rule-matching";
import { maintenanceOf, type SuppressionDeps } from "./pipeline/suppression";
import { assertTemplateParses } from "./templates";
import plugin from "./index";

const opened = new Date("2026-01-01T10:00:00Z");
const item = (name: string, severity: "degraded" | "unhealthy" = "unhealthy") => ({
  alertId: `a-${name}`,
  systemId: `s-${name}`,
  systemName: name,
  severity,
  resolved: false,
  reason: `${name} check: HTTP 500`,
  openedAt: opened,
  affected: [] as string[],
});

describe("notification plugin", () => {
  test("is the plugin 'notification'", () => {
    expect(plugin.pluginId).toBe("notification");
  });
});

describe("maintenance suppression (test double of a maintenance provider)", () => {
  const deps = (providers: MaintenanceProvider[]) =>
    ({ maintenance: { list: () => providers.map((impl) => ({ impl })) }, logger: createRecordingLogger() }) as unknown as SuppressionDeps;

  test("a system in a window is suppressed with the window's title; others are not", async () => {
    const window: MaintenanceProvider = {
      id: "double",
      windowAt: async (systemId, at) => (systemId === "db" && at.getTime() < Date.parse("2026-01-01T12:00:00Z") ? { title: "database upgrade", endsAt: "2026-01-01T12:00:00Z" } : null),
    };
    expect(await maintenanceOf(deps([window]), "db", opened)).toEqual({ by: "maintenance", detail: "in maintenance: database upgrade (until 2026-01-01T12:00:00Z)" });
    expect(await maintenanceOf(deps([window]), "api", opened)).toBeNull();
    expect(await maintenanceOf(deps([window]), "db", new Date("2026-01-01T13:00:00Z"))).toBeNull();
  });

  test("a provider that fails does not hold a page back", async () => {
    const broken: MaintenanceProvider = { id: "broken", windowAt: async () => Promise.reject(new Error("down")) };
    expect(await maintenanceOf(deps([broken]), "db", opened)).toBeNull();
  });
});

describe("rendering", () => {
  test("one system: its name, severity, reason, since when and the link when a public URL is set", () => {
    const message = renderMessage({ id: "m1", kinds: ["firing"], items: [item("api")], publicUrl: "https://status.example.com/", template: null });
    expect(message).toMatchObject({ id: "m1", alertKey: "a-api", kind: "firing", severity: "unhealthy", title: "api unhealthy", url: "https://status.example.com/systems/s-api" });
    expect(message.text).toContain("- api: unhealthy (api check: HTTP 500)");
    expect(message.text).toContain("Since: 2026-01-01T10:00:00.000Z");
  });

  test("several systems: one title counting them; the affected dependants are named", () => {
    const db = { ...item("db"), affected: ["api", "web", "worker"] };
    const message = renderMessage({ id: "m2", kinds: ["firing", "escalated"], items: [db, item("cache", "degraded")], publicUrl: null, template: null });
    expect(message.title).toBe("2 systems now unhealthy: db and cache");
    expect(message.alertKey).toBe("group:m2");
    expect(message.text).toContain("api, web and worker are affected");
    expect(message.url).toBeUndefined();
  });

  test("a rule's template replaces the text, logic-less and unescaped; a broken one is refused naming the field", () => {
    const message = renderMessage({ id: "m3", kinds: ["recovered"], items: [item("api")], publicUrl: null, template: "{{title}} <{{#systems}}{{name}}={{status}};{{/systems}}>" });
    expect(message.text).toBe("api recovered <api=unhealthy;>");
    expect(() => assertTemplateParses("{{#systems}}")).toThrow("template: does not parse");
    expect(() => assertTemplateParses("{{title}}")).not.toThrow();
  });

  test("joinNames", () => {
    expect([joinNames([]), joinNames(["a"]), joinNames(["a", "b"]), joinNames(["a", "b", "c"])]).toEqual(["", "a", "a and b", "a, b and c"]);
  });
});

describe("rules and retries", () => {
  const rule = { selection: { systemIds: ["s1"], groupIds: ["g1"], teamIds: ["t1"] }, severity: "unhealthy" } as unknown as RuleRow;
  test("a rule covers listed systems, members of its groups and systems of its teams", () => {
    expect(ruleCovers(rule, { systemId: "s1", groupIds: [], ownerTeamId: null })).toBe(true);
    expect(ruleCovers(rule, { systemId: "s2", groupIds: ["g1"], ownerTeamId: null })).toBe(true);
    expect(ruleCovers(rule, { systemId: "s3", groupIds: [], ownerTeamId: "t1" })).toBe(true);
    expect(ruleCovers(rule, { systemId: "s4", groupIds: ["g2"], ownerTeamId: "t2" })).toBe(false);
    expect(ruleFires(rule, "degraded")).toBe(false);
    expect(ruleFires({ ...rule, severity: "degraded" }, "degraded")).toBe(true);
  });

  test("backoff doubles from 1 s and honours a longer Retry-After", () => {
    expect([1, 2, 3, 4].map((attempt) => retryDelayMs(attempt, undefined))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(1, 2000)).toBe(2000);
    expect(retryDelayMs(20, undefined)).toBe(300_000);
  });
});
