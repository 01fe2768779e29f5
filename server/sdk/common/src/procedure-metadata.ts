import { oc } from "@orpc/contract";
import type { AccessRule, InstanceAccess } from "./access-rules";

/**
 * Who may call a procedure:
 * - anonymous: anybody, no rule checks
 * - public: anybody, but the listed rules must be granted to the caller (anonymous callers hold the isPublic rules)
 * - user: signed-in users only
 * - service: plugin-to-plugin calls only
 * - authenticated: users, applications or services (the default)
 */
export type UserType = "anonymous" | "public" | "user" | "service" | "authenticated";

/** query: reads only (runs in a read-only transaction); mutation: may write (the default). */
export type OperationType = "query" | "mutation";

/** A contract procedure's meta, enforced by autoAuthMiddleware before the handler runs. */
export interface ProcedureMetadata {
  operationType?: OperationType;
  userType?: UserType;
  /** Rules the caller must hold: rule objects (from accessPair) or their unprefixed ids. */
  access?: ReadonlyArray<AccessRule | string>;
  /** Overrides the instance-access strategy of the listed rules for this procedure. */
  instanceAccess?: InstanceAccess;
}

/** A contract procedure builder carrying the platform's metadata. */
export function proc(meta: ProcedureMetadata) {
  return oc.$meta<ProcedureMetadata>({}).meta(meta);
}

/** The base builder for contracts written with `.meta(...)` directly. */
export const baseContract = oc.$meta<ProcedureMetadata>({});
