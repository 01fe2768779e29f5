import { describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO_ROOT } from "../server/src/platform-env";
import { collapse, findCycles, readImportGraph, serverRoomOf } from "./support/import-graph";

/**
 * The house rules for dependencies (issue 11 item 3), checked on every run:
 * no import cycle between files, between the rooms of server/src (production
 * files; a room's tests may lean on the testing room) or between workspace
 * packages (tests included: a package's tests importing a package that
 * imports it back is a cycle too), and no package opens its internals with a
 * wildcard export.
 */
const graph = readImportGraph(REPO_ROOT, ["server", "plugins", "tests"]);
const isTest = (file: string) => file.endsWith(".test.ts");

describe("import graph", () => {
  test("every repository import resolves (no reaching into a package past its exports)", () => {
    expect(graph.unresolved).toEqual([]);
  });

  test("no cycle between files", () => {
    expect(findCycles(graph.files)).toEqual([]);
  });

  test("no cycle between the rooms of server/src", () => {
    const production = new Map([...graph.files].filter(([file]) => !isTest(file)));
    expect(findCycles(collapse(production, serverRoomOf))).toEqual([]);
  });

  test("no cycle between workspace packages (the repository-level tests/ count as one more)", () => {
    expect(findCycles(collapse(graph.files, (file) => graph.packageOf.get(file)))).toEqual([]);
  });

  test("the server exports one public entry and two test entries, no wildcard", () => {
    const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "server", "package.json"), "utf8")) as { exports: Record<string, string> };
    expect(manifest.exports).toEqual({ ".": "./src/index.ts", "./testing": "./src/testing/index.ts", "./testing/platform": "./src/testing/platform.ts" });
  });
});

describe("findCycles", () => {
  test("finds a two-file cycle and a self-import, and nothing in a chain", () => {
    const edges = new Map<string, Set<string>>([
      ["a", new Set(["b"])],
      ["b", new Set(["a", "c"])],
      ["c", new Set(["d"])],
      ["d", new Set()],
      ["e", new Set(["e"])],
    ]);
    expect(findCycles(edges).sort()).toEqual([["a", "b"], ["e"]]);
  });
});
