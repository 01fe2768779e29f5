import { describe, expect, test } from "bun:test";
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

/*
 * `npm run typecheck` checks the browser code with tsconfig.web.json. An
 * include pattern whose last segment has a wildcard ("plugins/*-frontend")
 * matches files, not folders, so tsc once skipped every frontend plugin in
 * silence and their contract clients were never checked against renamed
 * procedures. This test fails when any source file of the browser code, or
 * of the server code, is in neither project.
 */

const ROOT = join(import.meta.dir, "..");

function projectFiles(configName: string): Set<string> {
  const configPath = join(ROOT, configName);
  const read = ts.readConfigFile(configPath, (path) => ts.sys.readFile(path));
  if (read.error) throw new Error(ts.flattenDiagnosticMessageText(read.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT, undefined, configPath);
  return new Set(parsed.fileNames.map((file) => relative(ROOT, file)));
}

function sourceFiles(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === ".build" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name)) found.push(relative(ROOT, path));
  }
  return found;
}

describe("typecheck coverage", () => {
  test("tsconfig.web.json checks every file of the web app, the frontend SDK and the frontend plugins", () => {
    const web = projectFiles("tsconfig.web.json");
    const frontendPlugins = readdirSync(join(ROOT, "plugins")).filter((name) => name.endsWith("-frontend"));
    expect(frontendPlugins.length).toBeGreaterThan(0);
    const browserFiles = [
      ...sourceFiles(join(ROOT, "server", "web")),
      ...sourceFiles(join(ROOT, "server", "sdk", "frontend-api")),
      ...frontendPlugins.flatMap((name) => sourceFiles(join(ROOT, "plugins", name))),
    ];
    expect(browserFiles.length).toBeGreaterThan(0);
    expect(browserFiles.filter((file) => !web.has(file))).toEqual([]);
  });

  test("every .ts/.tsx file under server and plugins is in one of the two projects", () => {
    const checked = new Set([...projectFiles("tsconfig.json"), ...projectFiles("tsconfig.web.json")]);
    const all = [...sourceFiles(join(ROOT, "server")), ...sourceFiles(join(ROOT, "plugins"))];
    expect(all.filter((file) => !checked.has(file))).toEqual([]);
  });
});
