import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const SKIPPED = new Set(["node_modules", ".build", "dist", ".git"]);

function filesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  if (statSync(root).isFile()) return [root];
  const files: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name) || entry.name.startsWith(".")) continue;
    const path = join(root, entry.name);
    if (entry.isDirectory()) files.push(...filesUnder(path));
    else if (entry.isFile() && !/\.test\.tsx?$/.test(entry.name)) files.push(path);
  }
  return files.sort();
}

/**
 * A digest of every source file under the given paths (tests and
 * node_modules left out) plus extra strings: the same sources give the same
 * digest, so a build is reused until something it was made from changes.
 */
export function hashSources(paths: readonly string[], extra: readonly string[] = []): string {
  const hash = createHash("sha256");
  for (const text of extra) hash.update(`extra\0${text}\0`);
  for (const root of paths) {
    for (const file of filesUnder(root)) {
      hash.update(`${relative(root, file)}\0`);
      hash.update(readFileSync(file));
      hash.update("\0");
    }
  }
  return hash.digest("hex").slice(0, 16);
}
