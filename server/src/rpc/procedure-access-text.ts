import { qualifyAccessRuleId, type AccessRule, type ProcedureMetadata, type UserType } from "@checkstack/common";

const CALLERS: Record<UserType, string> = {
  anonymous: "anybody, signed in or not; no access rule is checked",
  public: "anybody: anonymous callers hold the rules an administrator made public, signed-in users and API keys the rules of their roles",
  user: "signed-in users only (session cookie); it acts on the caller's own account, so API keys are refused",
  service: "other plugins only (in-process); not callable over HTTP",
  authenticated: "signed-in users (session cookie) and applications (Bearer API key)",
};

/** Which callers a procedure admits, by its userType, in words (the same words for every plugin). */
export function callersText(userType: UserType): string {
  return CALLERS[userType];
}

/**
 * A procedure's access rules as an API reader needs them: who may call it,
 * which rules (fully qualified, as roles hold them) and how they apply to
 * single resources and lists. Derived from the contract, so it cannot drift.
 */
export function procedureAccessText(pluginId: string, meta: ProcedureMetadata): string {
  const userType = meta.userType ?? "authenticated";
  const lines = [`**Callers** (userType \`${userType}\`): ${callersText(userType)}.`];
  const rules = (meta.access ?? []).map((entry: AccessRule | string) => (typeof entry === "string" ? { id: entry } : entry));
  if (rules.length === 0) {
    lines.push("**Access rules**: none beyond the callers above" + (meta.userType === undefined || userType === "authenticated" ? " (the handler may check more)." : "."));
    return lines.join("\n\n");
  }
  const named = rules.map((rule) => `\`${qualifyAccessRuleId(pluginId, rule.id)}\``).join(", ");
  lines.push(`**Access rules**: the caller must hold ${named}.`);
  for (const rule of rules) {
    const instance = meta.instanceAccess ?? rule.instanceAccess;
    if (!rule.resource || !instance) continue;
    const id = qualifyAccessRuleId(pluginId, rule.id);
    if (instance.idParam) lines.push(`\`${id}\` is checked on the resource named by \`${instance.idParam}\` (team-only resources need a grant).`);
    if (instance.listKey) lines.push(`Entries of \`${instance.listKey}\` the caller may not read under \`${id}\` are left out.`);
    if (instance.recordKey) lines.push(`Keys of \`${instance.recordKey}\` the caller may not read under \`${id}\` are left out.`);
  }
  return lines.join("\n\n");
}
