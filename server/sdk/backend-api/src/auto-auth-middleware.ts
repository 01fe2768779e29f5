import type { Middleware, ORPCErrorConstructorMap } from "@orpc/server";
import type { AnySchema, ErrorMap } from "@orpc/contract";
import {
  qualifyAccessRuleId,
  type AccessRule,
  type InstanceAccess,
  type ProcedureMetadata,
  type UserType,
} from "@checkstack/common";
import { ForbiddenError, InputError, UnauthorizedError } from "./errors";
import type { Principal } from "./principal";
import type { RpcContext } from "./rpc-context";

interface ResolvedRule {
  id: string;
  resourceType: string | undefined;
  instanceAccess: InstanceAccess | undefined;
}

function resolveRules(pluginId: string, meta: ProcedureMetadata): ResolvedRule[] {
  return (meta.access ?? []).map((entry: AccessRule | string) => {
    const rule: AccessRule = typeof entry === "string" ? { id: entry } : entry;
    return {
      id: qualifyAccessRuleId(pluginId, rule.id),
      resourceType: rule.resource ? qualifyAccessRuleId(pluginId, rule.resource) : undefined,
      instanceAccess: meta.instanceAccess ?? rule.instanceAccess,
    };
  });
}

const UNAUTHORIZED = () => new UnauthorizedError("Sign in to call this procedure");
const forbidden = (message: string) => new ForbiddenError(message);

/** Who the procedure admits at all, before any rule is looked at. */
function assertCallerKind(userType: UserType, principal: Principal): void {
  const kind = principal.type;
  switch (userType) {
    case "anonymous":
    case "public":
      return;
    case "user":
      if (kind === "anonymous") throw UNAUTHORIZED();
      if (kind !== "user") throw forbidden("Only signed-in users may call this procedure");
      return;
    case "service":
      if (kind === "anonymous") throw UNAUTHORIZED();
      if (kind !== "service") throw forbidden("Only platform services may call this procedure");
      return;
    case "authenticated":
      if (kind === "anonymous") throw UNAUTHORIZED();
      return;
  }
}

function readId(input: unknown, field: string): string | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  const value: unknown = (input as Record<string, unknown>)[field];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}

async function filterOutput(context: RpcContext, rules: ResolvedRule[], output: unknown): Promise<unknown> {
  let current = output;
  for (const rule of rules) {
    const { listKey, recordKey } = rule.instanceAccess ?? {};
    if (!rule.resourceType || (!listKey && !recordKey)) continue;
    if (typeof current !== "object" || current === null) continue;
    const record = current as Record<string, unknown>;
    if (listKey && Array.isArray(record[listKey])) {
      const items = record[listKey] as unknown[];
      const ids = items.map((item) => readId(item, "id")).filter((id): id is string => id !== undefined);
      const permitted = await context.access.permittedIds({ rule: rule.id, resourceType: rule.resourceType, ids });
      current = { ...record, [listKey]: items.filter((item) => permitted.has(readId(item, "id") ?? "")) };
    }
    if (recordKey && typeof record[recordKey] === "object" && record[recordKey] !== null) {
      const entries = Object.entries(record[recordKey] as Record<string, unknown>);
      const permitted = await context.access.permittedIds({
        rule: rule.id,
        resourceType: rule.resourceType,
        ids: entries.map(([id]) => id),
      });
      current = { ...(current as object), [recordKey]: Object.fromEntries(entries.filter(([id]) => permitted.has(id))) };
    }
  }
  return current;
}

/** Says which of the rules the caller lacks, so a refusal tells what to ask an administrator for. */
async function missingRulesMessage(context: RpcContext, rules: ResolvedRule[]): Promise<string> {
  const missing: string[] = [];
  for (const rule of rules) {
    if (!(await context.access.allows({ rules: [rule.id] }))) missing.push(rule.id);
  }
  const named = missing.length > 0 ? missing : rules.map((rule) => rule.id);
  return `requires access rule${named.length === 1 ? "" : "s"} ${named.join(", ")}`;
}

/**
 * Runs the procedure's input schema before the access check reads the ids.
 * A wrong id is the caller's 400 at once; problems elsewhere in the input are
 * left to oRPC's validation after the access check, so a caller without
 * access learns nothing about the rest of the schema.
 */
async function validateIds(schema: AnySchema | undefined, input: unknown, idRules: ResolvedRule[]): Promise<unknown> {
  if (!schema) return input;
  const result = await schema["~standard"].validate(input);
  if (!result.issues) return result.value;
  const fields = new Set(idRules.map((rule) => rule.instanceAccess?.idParam));
  const onIds = result.issues.filter((issue) => {
    const first = issue.path?.[0];
    const key = typeof first === "object" ? first.key : first;
    return (issue.path ?? []).length === 0 || fields.has(String(key));
  });
  if (onIds.length > 0) throw InputError.fromIssues("Invalid input", onIds);
  return input;
}

/**
 * Enforces a procedure's contract metadata: who may call it (userType), which
 * access rules the caller must hold, and instance-level access (idParam before
 * the handler, listKey/recordKey on its output). A missing idParam denies.
 */
export const autoAuthMiddleware: Middleware<
  RpcContext,
  Record<never, never>,
  unknown,
  unknown,
  ORPCErrorConstructorMap<ErrorMap>,
  ProcedureMetadata
> = async ({ context, procedure, next }, input) => {
  const meta: ProcedureMetadata = procedure["~orpc"].meta;
  const userType = meta.userType ?? "authenticated";
  const principal = context.principal;
  assertCallerKind(userType, principal);
  const rules = resolveRules(context.pluginId, meta);

  // Services act for the platform itself; user-facing rules do not apply to them.
  if (userType === "anonymous" || principal.type === "service" || rules.length === 0) {
    return next();
  }

  const idRules = rules.filter((rule) => rule.instanceAccess?.idParam);
  const plainRules = rules.filter((rule) => !rule.instanceAccess?.idParam);
  if (plainRules.length > 0 && !(await context.access.allows({ rules: plainRules.map((rule) => rule.id) }))) {
    throw principal.type === "anonymous" ? UNAUTHORIZED() : forbidden(await missingRulesMessage(context, plainRules));
  }
  // The access check is SQL: the ids it reads must have passed the input schema first.
  const checked = idRules.length > 0 ? await validateIds(procedure["~orpc"].inputSchema, input, idRules) : input;
  for (const rule of idRules) {
    const field = rule.instanceAccess?.idParam ?? "";
    const id = readId(checked, field);
    if (id === undefined) throw forbidden(`Access to this procedure needs "${field}" in the input`);
    const allowed = await context.access.allows({
      rules: [rule.id],
      resource: { type: rule.resourceType ?? rule.id, id },
    });
    if (!allowed) throw principal.type === "anonymous" ? UNAUTHORIZED() : forbidden(`No access to ${field} ${id}: requires access rule ${rule.id} on it`);
  }

  const result = await next();
  return { ...result, output: await filterOutput(context, rules, result.output) };
};
