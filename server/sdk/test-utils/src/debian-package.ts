import { $ } from "bun";

/**
 * The path of `command`, installing its Debian package first when it is
 * missing (the tests need a real server; .ci/run installs it ahead too).
 * sbin is searched as well: daemons live there and a non-root PATH may lack it.
 */
export async function ensureCommand(command: string, debianPackage: string): Promise<string> {
  const path = `${process.env.PATH ?? ""}:/usr/sbin:/sbin`;
  const found = Bun.which(command, { PATH: path });
  if (found) return found;
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const install = await $`apt-get install -y --no-install-recommends ${debianPackage}`.env(env).nothrow().quiet();
  // A fresh image has no package lists yet.
  if (install.exitCode !== 0) {
    await $`apt-get update`.env(env).quiet();
    await $`apt-get install -y --no-install-recommends ${debianPackage}`.env(env).quiet();
  }
  const installed = Bun.which(command, { PATH: path });
  if (!installed) throw new Error(`${command} is still missing after apt-get install ${debianPackage}`);
  return installed;
}
