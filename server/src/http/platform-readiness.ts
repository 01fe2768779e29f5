import type { Pool } from "pg";
import type { PluginRuntime } from "../plugin-runtime/plugin-runtime";
import type { Readiness } from "./http-app";

/** Ready = the database answers and no plugin failed to load (failed ones are named). */
export function createReadinessCheck(pool: Pool, runtime: PluginRuntime): () => Promise<Readiness> {
  return async () => {
    const checks: Readiness["checks"] = {};
    try {
      await pool.query("SELECT 1");
      checks["database"] = { ok: true };
    } catch (error) {
      checks["database"] = { ok: false, detail: error instanceof Error ? error.message : String(error) };
    }
    const failed = runtime.status().filter((status) => status.state === "failed");
    checks["plugins"] = { ok: failed.length === 0, detail: failed.map(({ pluginId, error }) => ({ pluginId, error })) };
    return { ready: Object.values(checks).every((check) => check.ok), checks };
  };
}
