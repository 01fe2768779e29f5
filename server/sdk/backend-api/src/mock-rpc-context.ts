import { randomUUID } from "node:crypto";
import type { AccessDecider } from "./access-decider";
import type { LogFields, Logger } from "./logger";
import { anonymousPrincipal, type Principal, type UserPrincipal } from "./principal";
import type { RpcContext } from "./rpc-context";

/** One line a recording logger was given. */
export interface RecordedLog {
  level: "debug" | "info" | "warn" | "error";
  message: string;
  fields: LogFields;
}

/** A logger that keeps what it was told, for assertions. */
export function createRecordingLogger(records: RecordedLog[] = [], base: LogFields = {}): Logger & { records: RecordedLog[] } {
  const write = (level: RecordedLog["level"]) => (message: string, fields: LogFields = {}) => {
    records.push({ level, message, fields: { ...base, ...fields } });
  };
  return {
    records,
    debug: write("debug"),
    info: write("info"),
    warn: write("warn"),
    error: write("error"),
    child: (fields) => createRecordingLogger(records, { ...base, ...fields }),
  };
}

/**
 * Decides from the principal's roles alone: "admin" holds every rule, other
 * roles hold what `grants` lists. For unit tests of handlers; the platform
 * decides in SQL.
 */
export function createRoleBasedAccessDecider(
  principal: Principal,
  grants: Record<string, ReadonlyArray<string>> = {},
): AccessDecider {
  const roles = principal.type === "user" || principal.type === "application" ? principal.roles : [];
  const held = new Set(roles.flatMap((role) => grants[role] ?? []));
  const holds = (rule: string) => roles.includes("admin") || held.has(rule);
  return {
    allows: async ({ rules }) => rules.every(holds),
    permittedIds: async ({ rule, ids }) => new Set(holds(rule) ? ids : []),
  };
}

/** What a mock RPC context is built from; everything optional. */
export interface MockRpcContextOptions {
  user?: Omit<UserPrincipal, "type"> & { type?: "user" };
  principal?: Principal;
  pluginId?: string;
  /** Rules held per role, for non-admin users. */
  grants?: Record<string, ReadonlyArray<string>>;
  access?: AccessDecider;
  logger?: Logger;
  requestId?: string;
}

/**
 * An RpcContext for unit tests of handlers (with `call` from @orpc/server): the given principal
 * (or user), a recording logger, and a role-based access decider instead of the platform's SQL one.
 */
export function createMockRpcContext(options: MockRpcContextOptions = {}): RpcContext {
  const principal: Principal =
    options.principal ?? (options.user ? { ...options.user, type: "user" } : anonymousPrincipal);
  return {
    requestId: options.requestId ?? randomUUID(),
    principal,
    pluginId: options.pluginId ?? "test",
    access: options.access ?? createRoleBasedAccessDecider(principal, options.grants),
    logger: options.logger ?? createRecordingLogger(),
  };
}
