import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cp, mkdir, mkdtemp, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, relative } from "node:path";
import { z } from "zod";

/**
 * A copy of the repository in the OS temp dir, for tests that write plugins.
 *
 * Sources are copied; node_modules is not. Instead the copy gets its own
 * node_modules holding a symlink to every entry of the real one (so nothing is
 * fetched and nothing is slow), except @checkstack/: that folder is rebuilt
 * with links to the copy's own workspace packages, as `npm install` links
 * workspaces. linkWorkspaces() does it again after a plugin was generated,
 * standing in for the `npm install` a user runs. Living outside the
 * repository, the copy cannot resolve anything from the real checkout's
 * node_modules/@checkstack by accident.
 */
export interface RepoCopy {
  root: string;
  pluginsDir: string;
  /** Links every workspace package of the copy (server, server/sdk/*, plugins/*) into node_modules/@checkstack. */
  linkWorkspaces(): Promise<string[]>;
  remove(): Promise<void>;
}

const TOP_LEVEL = ["package.json", "tsconfig.json", "eslint.config.js", "bunfig.toml", "server", "plugins"];
const manifestSchema = z.object({ name: z.string() });

/** Installed packages, local data and half-written CLI staging folders are not sources. */
function isSource(path: string): boolean {
  const name = basename(path);
  return name !== "node_modules" && name !== ".data" && !name.startsWith(".create-plugin-");
}

function workspaceDirs(root: string): string[] {
  const children = (dir: string) =>
    existsSync(dir)
      ? readdirSync(dir, { withFileTypes: true })
          .filter((entry) => entry.isDirectory() && !entry.name.startsWith("."))
          .map((entry) => join(dir, entry.name))
      : [];
  return [join(root, "server"), ...children(join(root, "server", "sdk")), ...children(join(root, "plugins"))].filter((dir) =>
    existsSync(join(dir, "package.json")),
  );
}

export async function copyRepository(sourceRoot: string): Promise<RepoCopy> {
  const root = await mkdtemp(join(tmpdir(), "checkstack-create-plugin-"));
  try {
    for (const entry of TOP_LEVEL) {
      await cp(join(sourceRoot, entry), join(root, entry), { recursive: true, filter: isSource });
    }
    const modules = join(root, "node_modules");
    await mkdir(join(modules, "@checkstack"), { recursive: true });
    for (const entry of readdirSync(join(sourceRoot, "node_modules"))) {
      // npm's record of the real tree would describe links this copy does not have.
      if (entry === "@checkstack" || entry === ".package-lock.json") continue;
      await symlink(join(sourceRoot, "node_modules", entry), join(modules, entry));
    }
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }

  const linked = new Set<string>();
  return {
    root,
    pluginsDir: join(root, "plugins"),
    async linkWorkspaces() {
      const scope = join(root, "node_modules", "@checkstack");
      for (const dir of workspaceDirs(root)) {
        const { name } = manifestSchema.parse(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")));
        if (!name.startsWith("@checkstack/") || linked.has(name)) continue;
        // Relative, as npm writes them: the link stays right wherever the copy is.
        await symlink(relative(scope, dir), join(scope, name.slice("@checkstack/".length)));
        linked.add(name);
      }
      return [...linked];
    },
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
