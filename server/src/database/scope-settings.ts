import { describePrincipal, sqlStateOf, type Principal } from "@checkstack/backend-api";
import { APP_ROLE_SQL } from "./deployment-roles";
import { signPrincipal } from "./principal-signature";
import type { BatchStatement } from "./statement-batch";

export interface PrincipalSettings {
  principal: string;
  label: string;
  /** Proves to Postgres that the platform, not SQL, chose the principal (sql/015_principal_signature.sql). */
  signature: string;
}

export function principalSettings(principal: Principal, key: Buffer | undefined): PrincipalSettings {
  const settings = { principal: JSON.stringify(principal), label: describePrincipal(principal) };
  return { ...settings, signature: signPrincipal(key, settings.principal, settings.label) };
}

/** Switches the principal inside a transaction that already runs as the application role. */
export function principalSwitchStatement(settings: PrincipalSettings): BatchStatement {
  return {
    text:
      "SELECT set_config('checkstack.principal', $1, true), set_config('checkstack.principal_label', $2, true), " +
      "set_config('checkstack.principal_signature', $3, true)",
    values: [settings.principal, settings.label, settings.signature],
  };
}

// The epoch check is plain SQL until it fails: only a stale decision calls the raising function.
const EPOCH_HOLDS = (parameter: string) =>
  `CASE WHEN ${parameter}::bigint IS NULL OR ${parameter}::bigint = (SELECT epoch FROM checkstack.access_epoch) ` +
  `THEN true ELSE checkstack.access_epoch_moved(${parameter}::bigint) END`;

// The application role is named after the database (deployment-roles.ts).
const SETTINGS_SQL =
  `SELECT set_config('role', ${APP_ROLE_SQL}, true), set_config('checkstack.principal', $1, true), ` +
  "set_config('checkstack.principal_label', $2, true), set_config('checkstack.principal_signature', $6, true), " +
  "set_config('checkstack.request_id', $3, true), " +
  `set_config('transaction_read_only', $4, true), ${EPOCH_HOLDS("$5")}`;

export interface ScopeSettings {
  /** The principal as principalSettings gives it: computed once per scope, sent with every batch. */
  identity: PrincipalSettings;
  requestId: string;
  readOnly: boolean;
  /** The access epoch the scope's remembered decisions were read at; Postgres refuses the batch if it has moved. */
  accessEpoch: number | undefined;
}

/**
 * The application role, the principal, the request id and the read-only flag,
 * all transaction-local (they end with the transaction, so nothing leaks to
 * the next user of the connection), and the access-epoch check.
 */
export function settingsStatement(settings: ScopeSettings): BatchStatement {
  const { identity } = settings;
  return {
    text: SETTINGS_SQL,
    values: [identity.principal, identity.label, settings.requestId, settings.readOnly ? "on" : "off", settings.accessEpoch ?? null, identity.signature],
  };
}

/** The epoch check on its own, for a transaction that came to rely on a remembered decision after it began. */
export function epochCheckStatement(accessEpoch: number): BatchStatement {
  return { text: `SELECT ${EPOCH_HOLDS("$1")}`, values: [accessEpoch] };
}

/** Postgres's answer when a remembered decision is used after the access epoch moved (sql/025_access_epoch.sql). */
export const STALE_ACCESS_SQLSTATE = "CK001";

/** True for Postgres's refusal of a stale decision, however drizzle wrapped it. */
export function isStaleAccess(error: unknown): boolean {
  return sqlStateOf(error) === STALE_ACCESS_SQLSTATE;
}
