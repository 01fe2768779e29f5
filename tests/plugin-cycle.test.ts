import { expect, test } from "bun:test";
import { useTestDatabase } from "@checkstack/test-utils";
import { fixtures, usePluginsDirs } from "./support/fixture-plugins";
import { BOOT_BOUND_MS, newSecretKey, postgresProcessesFor, usePlatforms } from "./support/platform-process";

const platforms = usePlatforms();
const database = useTestDatabase();
const pluginsDirs = usePluginsDirs();

for (const embedded of [false, true]) {
  test(
    `plugins needing each other's services: boot fails and exits non-zero naming the cycle (${embedded ? "embedded" : "external"} database)`,
    async () => {
      const pluginsDir = await pluginsDirs.create(fixtures.cycle("cycle-a", "cycle-b"));
      const platform = await platforms.start({
        ...(embedded ? {} : { databaseUrl: database.url }),
        secretKey: newSecretKey(),
        env: { CHECKSTACK_PLUGINS_DIR: pluginsDir },
      });
      const result = await platform.waitForExit(BOOT_BOUND_MS);

      expect(result.signal).toBeNull();
      expect(result.code).not.toBe(0);
      const bootFailed = platform.logs.find((line) => line.msg === "boot failed");
      expect(bootFailed?.level).toBe("error");
      expect(bootFailed?.["error"]).toMatchObject({ message: "plugin dependency cycle: cycle-a -> cycle-b -> cycle-a" });
      // What boot had started is stopped before the database: no LISTEN reconnect loop against a stopping server.
      expect(platform.logs.filter((line) => line.msg.startsWith("LISTEN connection"))).toEqual([]);
      expect(postgresProcessesFor(platform.dataDir)).toEqual([]);
    },
    BOOT_BOUND_MS + 30_000,
  );
}
