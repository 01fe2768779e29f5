import { afterAll, describe, expect, test } from "bun:test";
import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import type { Pool } from "pg";
import { createRecordingLogger, InputError } from "@checkstack/backend-api";
import { isValidPackageName, parseInstallSpec } from "./install-spec";
import { PluginsDirectory } from "./plugins-directory";

const workspace = await mkdtemp(join(tmpdir(), "checkstack-hostile-install-"));
afterAll(() => rm(workspace, { recursive: true, force: true }));

/** A tarball whose package.json says `name`, as `npm pack` would make it. */
async function tarball(folder: string, name: string): Promise<string> {
  const root = join(workspace, folder);
  await mkdir(join(root, "package"), { recursive: true });
  await writeFile(join(root, "package", "package.json"), JSON.stringify({ name, version: "1.0.0" }));
  const file = join(root, `${folder}.tgz`);
  execFileSync("tar", ["-czf", file, "-C", root, "package"]);
  return file;
}

describe("hostile package names", () => {
  test("npm's naming rules: a scope and a name, no path segments", () => {
    expect(isValidPackageName("@acme/status-x")).toBe(true);
    for (const name of ["../../evil", "@x/../../evil", "@x/a/b", "a/b", ".hidden", "UPPER", "@x/"]) expect(isValidPackageName(name)).toBe(false);
    expect(() => parseInstallSpec("../../evil")).toThrow("is not an absolute path");
  });

  test(
    "a tarball naming itself @x/../../<dir>/decoy is refused as a 400, and the decoy is never staged",
    async () => {
      // What a traversal through npm's reported filename would reach from the staging folder (in the system temp dir).
      const decoy = await tarball("decoy", "decoyplugin");
      const target = relative(tmpdir(), join(workspace, "decoy", "x-decoy"));
      const hostile = await tarball("hostile", `@x/../../${target}`);
      const directory = new PluginsDirectory(join(workspace, "plugins"), {} as Pool, createRecordingLogger());
      const attempt = directory.stage(parseInstallSpec(hostile));
      await expect(attempt).rejects.toBeInstanceOf(InputError);
      await expect(attempt).rejects.toThrow("not a valid npm package name");
      expect(decoy).toEndWith(".tgz");
    },
    60_000,
  );
});
