import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CreatePluginError } from "./errors";
import { planCreation, scanExistingPlugins } from "./existing-plugins";
import { checkPluginName, deriveNames, RESERVED_NAMES } from "./names";

describe("deriveNames", () => {
  test("a multi-word name gives every spelling", () => {
    expect(deriveNames("status-notes")).toEqual({
      pluginId: "status-notes",
      camel: "statusNotes",
      pascal: "StatusNotes",
      snake: "status_notes",
      schemaName: "plugin_status_notes",
      displayName: "Status Notes",
      commonDir: "status-notes-common",
      backendDir: "status-notes-backend",
      frontendDir: "status-notes-frontend",
      commonPackage: "@checkstack/status-notes-common",
      backendPackage: "@checkstack/status-notes-backend",
      frontendPackage: "@checkstack/status-notes-frontend",
    });
  });

  test("a single word, and digits after a dash, stay valid identifiers", () => {
    expect(deriveNames("myfeature")).toMatchObject({ camel: "myfeature", pascal: "Myfeature", snake: "myfeature", displayName: "Myfeature" });
    const names = deriveNames("probe-2fa-check");
    expect(names).toMatchObject({ camel: "probe2faCheck", pascal: "Probe2faCheck", snake: "probe_2fa_check" });
    for (const identifier of [names.camel, names.pascal]) expect(identifier).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
  });
});

describe("checkPluginName", () => {
  test.each(["status-notes", "myfeature", "a1", "probe-2fa-check"])("accepts %p", (name) => {
    expect(checkPluginName(name).ok).toBe(true);
  });

  test.each([
    ["", "required"],
    ["Status-Notes", 'try "status-notes"'],
    ["status_notes", 'try "status-notes"'],
    ["statusNotes", 'try "status-notes"'],
    ["status notes", 'try "status-notes"'],
    ["status--notes", "kebab-case"],
    ["-notes", "kebab-case"],
    ["notes-", "kebab-case"],
    ["2notes", "kebab-case"],
    ["x".repeat(49), "not a valid plugin name"],
    ["notes-backend", 'give the bare name ("notes")'],
    ["notes-common", "give the bare name"],
  ])("refuses %p", (name, reason) => {
    const check = checkPluginName(name);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.reason).toContain(reason);
  });

  test("refuses every reserved name, including the platform's own plugins", () => {
    for (const name of ["auth", "catalog", "healthcheck", "incident", "maintenance", "notification", "statuspage", "core", "platform", "plugins", "api"]) {
      expect(RESERVED_NAMES.has(name)).toBe(true);
    }
    for (const name of RESERVED_NAMES) {
      const check = checkPluginName(name);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.reason).toContain("reserved");
    }
  });
});

describe("planCreation", () => {
  const root = mkdtempSync(join(tmpdir(), "checkstack-plan-"));
  const pluginsDir = join(root, "plugins");
  const writePackage = (folder: string, name: string, source?: string) => {
    mkdirSync(join(pluginsDir, folder, "src"), { recursive: true });
    writeFileSync(join(pluginsDir, folder, "package.json"), JSON.stringify({ name }));
    if (source) writeFileSync(join(pluginsDir, folder, "src", "index.ts"), source);
  };
  writePackage("notes-common", "@checkstack/notes-common", `definePluginMetadata({ pluginId: "notes" })`);
  writePackage("alerts-backend", "@checkstack/alerts-backend");
  writePackage("shown-frontend", "@checkstack/shown-frontend");
  writePackage("renamed", "@checkstack/inbox-common");
  writePackage("fixture", "fixture-package", `createBackendPlugin({ metadata: { pluginId: "fixture-id" } })`);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const plan = (type: "backend" | "common" | "frontend" | "both", name: string) =>
    planCreation(type, deriveNames(name), scanExistingPlugins(pluginsDir, root), pluginsDir);

  test("--type backend adds the -common when it is missing", () => {
    expect(plan("backend", "fresh")).toEqual({ common: true, backend: true, frontend: false, commonAdded: true });
  });

  test("--type backend reuses the -common that is there", () => {
    expect(plan("backend", "notes")).toEqual({ common: false, backend: true, frontend: false, commonAdded: false });
  });

  test("--type common and --type both write only what is asked for", () => {
    expect(plan("common", "fresh")).toEqual({ common: true, backend: false, frontend: false, commonAdded: false });
    expect(plan("both", "fresh")).toEqual({ common: true, backend: true, frontend: true, commonAdded: false });
  });

  test("--type frontend adds the -common when it is missing, and joins an existing -common and -backend", () => {
    expect(plan("frontend", "fresh")).toEqual({ common: true, backend: false, frontend: true, commonAdded: true });
    expect(plan("frontend", "notes")).toEqual({ common: false, backend: false, frontend: true, commonAdded: false });
  });

  test.each([
    ["backend", "alerts", "alerts-backend"],
    ["common", "notes", "notes-common"],
    ["both", "alerts", "alerts-backend"],
    ["frontend", "alerts", "alerts-backend"],
    ["frontend", "shown", "shown-frontend"],
    // The package name is taken by a folder with another name.
    ["common", "inbox", "renamed"],
    ["backend", "inbox", "renamed"],
    // A plugin id declared in source, whatever its folder is called.
    ["both", "fixture-id", "fixture"],
  ] as const)("--type %s %p is refused as existing (%s)", (type, name, where) => {
    expect(() => plan(type, name)).toThrow(CreatePluginError);
    expect(() => plan(type, name)).toThrow(where);
  });
});
