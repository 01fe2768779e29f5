import { readFileSync, readdirSync, existsSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

/**
 * The repository's own import graph, read with the TypeScript compiler's
 * pre-processor (static, dynamic and type-only imports and re-exports alike),
 * so cycles can be checked at three scales: files, rooms (the folders directly
 * under server/src) and workspace packages. Imports of third-party packages are
 * left out: only what this repository can make acyclic is in the graph.
 */
export interface ImportGraph {
  /** Repository-relative file path → the repository files it imports. */
  readonly files: ReadonlyMap<string, ReadonlySet<string>>;
  /** Repository-relative file path → name of the workspace package that holds it. */
  readonly packageOf: ReadonlyMap<string, string>;
  /** Imports that could not be resolved to a file (a typo, or a subpath the package does not export). */
  readonly unresolved: readonly string[];
}

interface WorkspacePackage {
  name: string;
  dir: string;
  /** Subpath ("." or "./testing") → file it maps to. */
  exports: Map<string, string>;
}

const SKIP_DIRS = new Set(["node_modules", ".data", "drizzle", "migrations", "fixtures", "templates-out"]);

function listTypeScript(dir: string, out: string[]): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP_DIRS.has(entry.name) || entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) listTypeScript(path, out);
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

function readWorkspacePackages(root: string): WorkspacePackage[] {
  const rootManifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { workspaces: string[] };
  const dirs: string[] = [];
  for (const pattern of rootManifest.workspaces) {
    if (!pattern.endsWith("/*")) {
      dirs.push(join(root, pattern));
      continue;
    }
    const parent = join(root, pattern.slice(0, -2));
    for (const entry of readdirSync(parent, { withFileTypes: true })) if (entry.isDirectory()) dirs.push(join(parent, entry.name));
  }
  return dirs
    .filter((dir) => existsSync(join(dir, "package.json")))
    .map((dir) => {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; main?: string; exports?: Record<string, string> };
      const exports = new Map<string, string>();
      for (const [subpath, target] of Object.entries(manifest.exports ?? {})) exports.set(subpath, resolve(dir, target));
      if (!exports.has(".") && manifest.main) exports.set(".", resolve(dir, manifest.main));
      return { name: manifest.name, dir, exports };
    });
}

function resolveRelative(fromFile: string, specifier: string): string | undefined {
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts")];
  if (base.endsWith(".js")) candidates.push(`${base.slice(0, -3)}.ts`);
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

function resolvePackage(packages: Map<string, WorkspacePackage>, specifier: string): string | undefined | null {
  const parts = specifier.split("/");
  const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
  const workspace = packages.get(name);
  if (!workspace) return null; // third-party: not part of the graph
  const subpath = specifier === name ? "." : `./${specifier.slice(name.length + 1)}`;
  const exact = workspace.exports.get(subpath);
  if (exact) return exact;
  // A wildcard export ("./*": "./src/*.ts") opens every file.
  for (const [pattern, target] of workspace.exports) {
    if (!pattern.endsWith("*")) continue;
    const prefix = pattern.slice(0, -1);
    if (subpath.startsWith(prefix)) return target.replace("*", subpath.slice(prefix.length));
  }
  return undefined;
}

export function readImportGraph(root: string, scanDirs: readonly string[]): ImportGraph {
  const workspaces = readWorkspacePackages(root);
  const packages = new Map(workspaces.map((workspace) => [workspace.name, workspace]));
  const files = new Map<string, Set<string>>();
  const packageOf = new Map<string, string>();
  const unresolved: string[] = [];
  const byDepth = [...workspaces].sort((a, b) => b.dir.length - a.dir.length);
  const all = scanDirs.flatMap((dir) => listTypeScript(join(root, dir), []));
  for (const file of all) {
    const key = relative(root, file);
    const owner = byDepth.find((workspace) => file.startsWith(`${workspace.dir}/`));
    packageOf.set(key, owner?.name ?? "(repository root)");
    const imported = new Set<string>();
    const info = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const reference of info.importedFiles) {
      const specifier = reference.fileName;
      const target = specifier.startsWith(".") ? resolveRelative(file, specifier) : resolvePackage(packages, specifier);
      if (target === null) continue;
      if (target === undefined || !existsSync(target)) {
        unresolved.push(`${key} → ${specifier}`);
        continue;
      }
      imported.add(relative(root, target));
    }
    files.set(key, imported);
  }
  return { files, packageOf, unresolved };
}

/** Strongly connected components with more than one member, or a member importing itself: every cycle, grouped. */
export function findCycles(edges: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  // Iterative Tarjan: the file graph is deep enough to worry a recursive one.
  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    const work: Array<{ node: string; next: Iterator<string> }> = [];
    const enter = (node: string) => {
      index.set(node, counter);
      low.set(node, counter);
      counter += 1;
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: (edges.get(node) ?? new Set<string>()).values() });
    };
    enter(start);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const step = frame.next.next();
      if (!step.done) {
        const target = step.value;
        if (!index.has(target)) enter(target);
        else if (onStack.has(target)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(target)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      if (component.length > 1 || edges.get(frame.node)?.has(frame.node)) cycles.push(component.sort());
    }
  }
  return cycles;
}

/** Collapses the file graph onto groups (rooms, packages); edges inside one group are dropped. */
export function collapse(graph: ReadonlyMap<string, ReadonlySet<string>>, groupOf: (file: string) => string | undefined): Map<string, Set<string>> {
  const grouped = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const from = groupOf(file);
    if (from === undefined) continue;
    const out = grouped.get(from) ?? new Set<string>();
    grouped.set(from, out);
    for (const target of targets) {
      const to = groupOf(target);
      if (to !== undefined && to !== from) out.add(to);
    }
  }
  return grouped;
}

/** The room of a server file: the folder directly under server/src ("hooks"), or undefined for files outside a room. */
export function serverRoomOf(file: string): string | undefined {
  const match = /^server\/src\/([^/]+)\//.exec(file);
  return match?.[1];
}
