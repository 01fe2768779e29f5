/**
 * The SQL of plugin administration, in one place: operations
 * (checkstack.plugin_operations), the purge of what the cluster holds for a
 * removed plugin, the status listing and the plugin lock. Statements on
 * checkstack.plugins and plugin_removals belong to plugin-runtime/plugin-records.ts;
 * instances to instance-statements.ts. Parameters in the order each comment gives.
 */

/** The newest unfinished operation on a plugin (id): the once-per-cluster handler completes it. */
export const RUNNING_OPERATION = `SELECT action, delete_schema FROM checkstack.plugin_operations
        WHERE plugin_id = $1 AND status = 'running' ORDER BY id DESC LIMIT 1`;

/** Closes the running operations (id, actions[], status, error) of the given kinds with their outcome. */
export const FINISH_OPERATIONS = `UPDATE checkstack.plugin_operations SET status = $3, error = $4, finished_at = now()
          WHERE plugin_id = $1 AND action = ANY($2::text[]) AND status = 'running'`;

/** A rolled-back install (id) leaves no operation behind: the failure was answered and logged. */
export const FORGET_INSTALL = "DELETE FROM checkstack.plugin_operations WHERE plugin_id = $1 AND action = 'install' AND status = 'running'";

/** Opens an operation (id, action, deleteSchema, requestId), requested by the scope's principal label (audited). */
export const INSERT_OPERATION = `INSERT INTO checkstack.plugin_operations (plugin_id, action, delete_schema, requested_by, request_id)
       VALUES ($1, $2, $3, current_setting('checkstack.principal_label', true), $4)`;

/** Purge (plugin id): its access rules; role grants go with them by cascade. */
export const PURGE_ACCESS_RULES = "DELETE FROM checkstack.access_rules WHERE plugin_id = $1";
/** Purge (rule-id LIKE prefix): defaults an admin turned off for its rules. */
export const PURGE_DISABLED_DEFAULTS = "DELETE FROM checkstack.disabled_default_access_rule WHERE rule_id LIKE $1";
/** Purge (plugin id), and a disabled plugin: emitters stop queueing events nobody will take. */
export const DROP_HOOK_SUBSCRIPTIONS = "DELETE FROM checkstack.hook_subscriptions WHERE plugin_id = $1";
/** Purge (plugin id): its recurring jobs stop being due. */
export const PURGE_RECURRING_JOBS = "DELETE FROM checkstack.recurring_jobs WHERE plugin_id = $1";
/** Purge (plugin id): no instance reports it any more. */
export const PURGE_INSTANCE_PLUGINS = "DELETE FROM checkstack.instance_plugins WHERE plugin_id = $1";
/** Purge with its data (plugin id): its configuration. */
export const PURGE_PLUGIN_CONFIGS = "DELETE FROM checkstack.plugin_configs WHERE plugin_id = $1";
/** Purge with its data (resource-type LIKE prefix): team grants on its resources. */
export const PURGE_RESOURCE_GRANTS = "DELETE FROM checkstack.resource_grants WHERE resource_type LIKE $1";
/** Purge with its data (resource-type LIKE prefix): settings of its resources. */
export const PURGE_RESOURCE_SETTINGS = "DELETE FROM checkstack.resource_settings WHERE resource_type LIKE $1";

/** Drops a plugin's schema with its data (quoted identifier; identifiers cannot be parameters). */
export function dropSchema(quotedSchema: string): string {
  return `DROP SCHEMA IF EXISTS ${quotedSchema} CASCADE`;
}

/** Drops a plugin's migration bookkeeping table (quoted, schema-qualified name), so a reinstall migrates from scratch. */
export function dropMigrationTable(quotedTable: string): string {
  return `DROP TABLE IF EXISTS ${quotedTable}`;
}

/** Whether a plugin's data is there (quoted schema, quoted bookkeeping table): a failed reinstall must not drop kept data. */
export const PLUGIN_DATA_PRESENT = "SELECT to_regnamespace($1) IS NOT NULL OR to_regclass($2) IS NOT NULL AS present";

/** Every record with its newest unfinished operation, for the status API. */
export const LIST_RECORDS_WITH_PENDING = `SELECT p.id, p.version, p.source, p.enabled, o.action AS pending_action, o.requested_by AS pending_by, o.requested_at AS pending_at
         FROM checkstack.plugins p
         LEFT JOIN LATERAL (SELECT action, requested_by, requested_at FROM checkstack.plugin_operations
                             WHERE plugin_id = p.id AND status = 'running' ORDER BY id DESC LIMIT 1) o ON true
        ORDER BY p.id`;

/** Each instance's view of each plugin; `live` is a boolean SQL expression over checkstack.instances. */
export function listInstancePlugins(live: string): string {
  return `SELECT ip.plugin_id, ip.instance_id, ip.state, ip.version, ip.loaded_at, ip.error, i.${live} AS live
         FROM checkstack.instance_plugins ip JOIN checkstack.instances i ON i.id = ip.instance_id
        ORDER BY ip.plugin_id, ip.instance_id`;
}

/** Every instance with its heartbeat; `live` as above. */
export function listInstances(live: string): string {
  return `SELECT id, hostname, pid, started_at, heartbeat_at, ${live} AS live FROM checkstack.instances ORDER BY id`;
}

/** Bounds how long the lock is waited for (milliseconds, an integer: SET takes no parameters). */
export function setLockTimeout(ms: number): string {
  return `SET lock_timeout = ${ms}`;
}

export const RESET_LOCK_TIMEOUT = "RESET lock_timeout";

/** Takes the plugin's advisory lock (namespace, key), exclusive or shared, on a connection held for the work. */
export function advisoryLock(mode: "exclusive" | "shared"): string {
  return `SELECT pg_advisory_lock${mode === "shared" ? "_shared" : ""}($1, hashtext($2))`;
}

/** Releases what advisoryLock(mode) took. */
export function advisoryUnlock(mode: "exclusive" | "shared"): string {
  return `SELECT pg_advisory_unlock${mode === "shared" ? "_shared" : ""}($1, hashtext($2))`;
}
