import type { SystemContext } from "@checkstack/catalog-common";
import type { rules } from "../schema";

export type RuleRow = typeof rules.$inferSelect;

/** A rule covers a system listed in it, a member of a listed group, or a system a listed team owns. */
export function ruleCovers(rule: RuleRow, system: Pick<SystemContext, "systemId" | "groupIds" | "ownerTeamId">): boolean {
  const { systemIds, groupIds, teamIds } = rule.selection;
  if (systemIds.includes(system.systemId)) return true;
  if (system.groupIds.some((groupId) => groupIds.includes(groupId))) return true;
  return system.ownerTeamId !== null && teamIds.includes(system.ownerTeamId);
}

/** "degraded" rules page on degraded and unhealthy; "unhealthy" rules on unhealthy only. */
export function ruleFires(rule: RuleRow, status: "degraded" | "unhealthy"): boolean {
  return rule.severity === "degraded" || status === "unhealthy";
}
