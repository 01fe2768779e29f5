import { describe, expect, test } from "bun:test";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runConfigCli } from "./cli";
import { ConfigFileError, readConfigFile } from "./config-file";
import { substituteEnv } from "./env-references";
import { ConfigUsageError, parseConfigArgs } from "./options";

describe("checkstack apply/export arguments", () => {
  test("apply takes -f and the flags; --url and CHECKSTACK_API_KEY as the plugins CLI", () => {
    expect(parseConfigArgs(["apply", "-f", "c.yaml", "--prune", "--prune-all", "--url", "http://h:1/"], { CHECKSTACK_API_KEY: "k" })).toEqual({
      url: "http://h:1",
      apiKey: "k",
      action: { command: "apply", file: "c.yaml", dryRun: false, prune: true, pruneAll: true },
    });
    expect(parseConfigArgs(["export"], {}).action).toEqual({ command: "export" });
  });

  test("usage errors say what is wrong", () => {
    expect(() => parseConfigArgs(["apply"], {})).toThrow(new ConfigUsageError("apply needs -f <file>"));
    expect(() => parseConfigArgs(["apply", "-f", "x", "--prune-all"], {})).toThrow("--prune-all goes with --prune");
    expect(() => parseConfigArgs(["export", "--dry-run"], {})).toThrow("export takes only --url and --api-key");
    expect(() => parseConfigArgs(["apply", "-f", "x", "--url", "ftp://x"], {})).toThrow("--url must be an http:// or https:// URL");
  });

  test("a usage error exits 2 with the usage", async () => {
    let stderr = "";
    const code = await runConfigCli(["apply"], {}, { stdout: () => undefined, stderr: (text) => void (stderr += text) });
    expect(code).toBe(2);
    expect(stderr).toContain("Usage: checkstack apply -f <file>");
  });
});

describe("${env:NAME} references", () => {
  test("are replaced anywhere in a string; a missing one names the field", () => {
    expect(substituteEnv({ checks: [{ config: { token: "Bearer ${env:T}", n: 3 } }] }, { T: "abc" })).toEqual({ checks: [{ config: { token: "Bearer abc", n: 3 } }] });
    expect(() => substituteEnv({ checks: [{}, { config: { token: "${env:NOPE}" } }] }, {})).toThrow("checks[1].config.token: the environment variable NOPE is not set");
  });
});

describe("the file", () => {
  test("YAML or JSON; sections must be lists; the error names the file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "checkstack-config-file-"));
    try {
      await writeFile(join(dir, "a.yaml"), "systems:\n  - name: API\nteams:\n");
      await writeFile(join(dir, "b.json"), JSON.stringify({ systems: [{ name: "API" }] }));
      await writeFile(join(dir, "c.yaml"), "systems:\n  name: API\n");
      await writeFile(join(dir, "d.yaml"), "systems: [\n");
      expect(await readConfigFile(join(dir, "a.yaml"), {})).toEqual({ systems: [{ name: "API" }], teams: [] });
      expect(await readConfigFile(join(dir, "b.json"), {})).toEqual({ systems: [{ name: "API" }] });
      await expect(readConfigFile(join(dir, "c.yaml"), {})).rejects.toThrow(new ConfigFileError(`${join(dir, "c.yaml")}: systems: a section is a list of items`));
      await expect(readConfigFile(join(dir, "d.yaml"), {})).rejects.toThrow("not valid YAML or JSON");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
