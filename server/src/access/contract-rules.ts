import { isProcedure, type AnyRouter } from "@orpc/server";
import { qualifyAccessRuleId, type AccessRule, type ProcedureMetadata } from "@checkstack/common";

export interface UnknownRuleUse {
  procedure: string;
  rule: string;
}

/** Every procedure of a router with its path and contract metadata. */
export function* procedures(router: AnyRouter, path: string[] = []): Generator<{ path: string[]; meta: ProcedureMetadata }> {
  if (isProcedure(router)) {
    yield { path, meta: router["~orpc"].meta as ProcedureMetadata };
    return;
  }
  for (const [key, child] of Object.entries(router as Record<string, AnyRouter>)) yield* procedures(child, [...path, key]);
}

/** Every access rule a router's contract names that no plugin registered: a typo here would lock everyone out. */
export function findUnknownRules(router: AnyRouter, pluginId: string, known: ReadonlySet<string>): UnknownRuleUse[] {
  const unknown: UnknownRuleUse[] = [];
  for (const { path, meta } of procedures(router)) {
    for (const entry of meta.access ?? []) {
      const ruleId = qualifyAccessRuleId(pluginId, typeof entry === "string" ? entry : (entry as AccessRule).id);
      if (!known.has(ruleId)) unknown.push({ procedure: `${pluginId}.${path.join(".")}`, rule: ruleId });
    }
  }
  return unknown;
}
