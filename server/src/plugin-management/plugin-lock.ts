import type { Pool } from "pg";
import { RESET_LOCK_TIMEOUT, advisoryLock, advisoryUnlock, setLockTimeout } from "./plugin-statements";

/** First key of the two-key advisory lock form, apart from the platform's other locks. */
const PLUGIN_LOCK_NAMESPACE = 0x43_4b_50; // "CKP"
const LOCK_NOT_AVAILABLE = "55P03";

export class PluginBusyError extends Error {
  override name = "PluginBusyError";
  constructor(readonly pluginId: string) {
    super(
      pluginId === INSTALLS
        ? "another plugin install is in progress; try again when it has finished"
        : `another install, removal, disable or enable of plugin "${pluginId}" is in progress; try again when it has finished`,
    );
  }
}

/** Not a plugin id (those have no "*"): the lock installs take before they know which plugin they install. */
export const INSTALLS = "*installs*";

/**
 * Holds the cluster-wide lock of one plugin id while `work` runs.
 * - exclusive: the instance answering an install, removal, disable or enable;
 *   operations on the same plugin take turns across the cluster.
 * - shared: an instance loading a plugin it heard about; it waits until the
 *   requesting instance has decided (loaded, or rolled the install back).
 * Gives up with PluginBusyError after `waitMs`.
 */
export async function withPluginLock<T>(
  pool: Pool,
  pluginId: string,
  options: { mode: "exclusive" | "shared"; waitMs: number },
  work: () => Promise<T>,
): Promise<T> {
  const key = [PLUGIN_LOCK_NAMESPACE, `plugin:${pluginId}`];
  const client = await pool.connect();
  // Set when one of our own statements fails: the connection's state (lock held? timeout set?) is unknown.
  let broken = false;
  try {
    try {
      await client.query(setLockTimeout(Math.max(1, Math.round(options.waitMs))));
      await client.query(advisoryLock(options.mode), key);
    } catch (error) {
      if ((error as { code?: unknown }).code === LOCK_NOT_AVAILABLE) throw new PluginBusyError(pluginId);
      broken = true;
      throw error;
    } finally {
      await client.query(RESET_LOCK_TIMEOUT).catch(() => (broken = true));
    }
    try {
      return await work();
    } finally {
      await client.query(advisoryUnlock(options.mode), key).catch(() => (broken = true));
    }
  } finally {
    // A connection in an unknown state must not go back to the pool still holding the lock.
    client.release(broken);
  }
}
