import { existsSync, statSync } from "node:fs";
import { isAbsolute, normalize } from "node:path";
import { z } from "zod";

/**
 * What an operator may install: an npm package (name, optionally @version,
 * range or tag), an absolute path to a .tgz, or an absolute path to a package
 * folder. Nothing else: no URLs, git specs, relative paths or npm flags. The
 * spec reaches npm as one argument of an argument array, never through a shell.
 */
export type InstallSpec =
  | { kind: "npm"; name: string; range: string | undefined; arg: string }
  | { kind: "tarball"; path: string; arg: string }
  | { kind: "folder"; path: string; arg: string };

// npm's rules for new package names: lowercase, URL-safe, optional scope, at most 214 characters.
const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
// Versions, ranges ("^1.2", ">=1 <2", "1.x || 2.x") and dist-tags; must not start like a flag.
const NPM_RANGE = /^[A-Za-z0-9^~<>=*.|+][A-Za-z0-9^~<>=*.|+ -]*$/;
/**
 * npm's rules for a package name, also for the name a package gives itself in
 * its package.json: "@x/../../evil" would otherwise become a path.
 */
export function isValidPackageName(name: string): boolean {
  return name.length <= 214 && NPM_NAME.test(name);
}

/** Newlines, NUL and other control characters: never part of a package name or a path worth installing from. */
function hasControlCharacters(value: string): boolean {
  return [...value].some((character) => {
    const code = character.charCodeAt(0);
    return code < 0x20 || code === 0x7f;
  });
}

export const installSpecInputSchema = z
  .string()
  .trim()
  .min(1, "give an npm package, an absolute path to a .tgz file or an absolute path to a folder")
  .max(1000)
  .refine((value) => !hasControlCharacters(value), "control characters are not allowed");

function splitNpmSpec(spec: string): { name: string; range: string | undefined } {
  // The scope's leading "@" is not a version separator.
  const at = spec.indexOf("@", spec.startsWith("@") ? 1 : 0);
  return at < 0 ? { name: spec, range: undefined } : { name: spec.slice(0, at), range: spec.slice(at + 1) };
}

export class InstallSpecError extends Error {
  override name = "InstallSpecError";
}

/** Classifies and checks a spec; throws InstallSpecError naming what is wrong. */
export function parseInstallSpec(input: string): InstallSpec {
  const spec = installSpecInputSchema.parse(input);
  if (spec.startsWith("/") || spec.startsWith(".") || spec.includes("\\") || isAbsolute(spec)) {
    if (!isAbsolute(spec)) throw new InstallSpecError(`"${spec}" is not an absolute path`);
    const path = normalize(spec);
    if (!existsSync(path)) throw new InstallSpecError(`${path} does not exist on this instance`);
    const stat = statSync(path);
    if (stat.isDirectory()) {
      if (!existsSync(`${path}/package.json`)) throw new InstallSpecError(`${path} has no package.json`);
      return { kind: "folder", path, arg: path };
    }
    if (stat.isFile() && /\.(tgz|tar\.gz)$/.test(path)) return { kind: "tarball", path, arg: path };
    throw new InstallSpecError(`${path} is neither a folder nor a .tgz file`);
  }
  const { name, range } = splitNpmSpec(spec);
  if (!isValidPackageName(name)) {
    throw new InstallSpecError(`"${spec}" is not an npm package name, an absolute .tgz path or an absolute folder path`);
  }
  if (range !== undefined && (range.length === 0 || range.length > 100 || !NPM_RANGE.test(range))) {
    throw new InstallSpecError(`"${range}" is not a version, range or tag`);
  }
  return { kind: "npm", name, range, arg: range === undefined ? name : `${name}@${range}` };
}
