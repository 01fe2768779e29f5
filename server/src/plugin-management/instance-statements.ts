/**
 * The SQL of the instance registry (checkstack.instances and
 * checkstack.instance_plugins), in one place. Parameters in the order each
 * comment gives.
 */

/** Rows of instances silent for this long are deleted (with their plugin rows). */
const PRUNE_AFTER = "10 minutes";

/**
 * Registers an instance at boot (id, hostname, pid): a restarted instance with the same id starts with a
 * clean slate, so its plugin rows from before the restart are deleted in the same statement.
 */
export const REGISTER_INSTANCE = `WITH me AS (
         INSERT INTO checkstack.instances (id, hostname, pid) VALUES ($1, $2, $3)
         ON CONFLICT (id) DO UPDATE SET hostname = EXCLUDED.hostname, pid = EXCLUDED.pid, started_at = now(), heartbeat_at = now()
         RETURNING id)
       DELETE FROM checkstack.instance_plugins WHERE instance_id IN (SELECT id FROM me)`;

/** Deletes long-gone instances; every instance runs it with its heartbeat. */
export const PRUNE_INSTANCES = `DELETE FROM checkstack.instances WHERE heartbeat_at < now() - interval '${PRUNE_AFTER}'`;

/** A heartbeat (id, hostname, pid), re-creating the row if it was pruned while the instance was stalled. */
export const TOUCH_INSTANCE = `INSERT INTO checkstack.instances (id, hostname, pid) VALUES ($1, $2, $3)
       ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()`;

/**
 * Replaces an instance's plugin rows (id, states as a json array) in one statement; unchanged rows are not
 * rewritten, so a periodic publish does not churn the table or its audit.
 */
export const PUBLISH_INSTANCE_PLUGINS = `WITH incoming AS (
         SELECT * FROM jsonb_to_recordset($2::jsonb)
           AS r(plugin_id text, state text, version text, loaded_at timestamptz, error text, provides text[], needs text[])),
       removed AS (
         DELETE FROM checkstack.instance_plugins WHERE instance_id = $1 AND plugin_id NOT IN (SELECT plugin_id FROM incoming))
       INSERT INTO checkstack.instance_plugins AS current (instance_id, plugin_id, state, version, loaded_at, error, provides, needs)
       SELECT $1, plugin_id, state, version, loaded_at, error, provides, needs FROM incoming
       ON CONFLICT (instance_id, plugin_id) DO UPDATE SET
         state = EXCLUDED.state, version = EXCLUDED.version, loaded_at = EXCLUDED.loaded_at, error = EXCLUDED.error,
         provides = EXCLUDED.provides, needs = EXCLUDED.needs, updated_at = now()
       WHERE (current.state, current.version, current.loaded_at, current.error, current.provides, current.needs)
             IS DISTINCT FROM (EXCLUDED.state, EXCLUDED.version, EXCLUDED.loaded_at, EXCLUDED.error, EXCLUDED.provides, EXCLUDED.needs)`;

/** Live instances (plugin id, this instance's id, live-within seconds) other than this one still holding the plugin. */
export const OTHERS_HOLDING = `SELECT i.id FROM checkstack.instance_plugins ip JOIN checkstack.instances i ON i.id = ip.instance_id
        WHERE ip.plugin_id = $1 AND ip.state IN ('ready', 'loading') AND i.id <> $2
          AND i.heartbeat_at > now() - make_interval(secs => $3)
        ORDER BY i.id`;

/**
 * Enabled plugins that need a service the plugin (id) provides, by what any instance reported: a plugin
 * installed through another instance counts before this one has loaded it.
 */
export const DEPENDENTS_OF = `WITH provided AS (SELECT DISTINCT unnest(provides) AS service FROM checkstack.instance_plugins WHERE plugin_id = $1)
       SELECT ip.plugin_id, array_agg(DISTINCT needed.service ORDER BY needed.service) AS services
         FROM checkstack.instance_plugins ip
         JOIN checkstack.plugins p ON p.id = ip.plugin_id AND p.enabled
         CROSS JOIN LATERAL unnest(ip.needs) AS needed(service)
        WHERE ip.plugin_id <> $1 AND needed.service IN (SELECT service FROM provided)
        GROUP BY ip.plugin_id ORDER BY ip.plugin_id`;

/** At shutdown (id): the instance leaves the cluster's view at once instead of going stale. */
export const DEREGISTER_INSTANCE = "DELETE FROM checkstack.instances WHERE id = $1";
