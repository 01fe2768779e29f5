import { readFile } from "node:fs/promises";
import { parse, stringify } from "yaml";
import { substituteEnv } from "./env-references";

/** A problem with the file itself (unreadable, not YAML/JSON, wrong shape), already naming the file. */
export class ConfigFileError extends Error {
  override name = "ConfigFileError";
}

/**
 * Reads checkstack.yaml (or .json: JSON is YAML too), checks its shape (sections of lists) and
 * substitutes `${env:NAME}` from `env`.
 */
export async function readConfigFile(path: string, env: Record<string, string | undefined>): Promise<Record<string, unknown[]>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    throw new ConfigFileError(`${path}: cannot read it: ${error instanceof Error ? error.message : String(error)}`);
  }
  let document: unknown;
  try {
    document = parse(text, { prettyErrors: true });
  } catch (error) {
    throw new ConfigFileError(`${path}: not valid YAML or JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (document === null || document === undefined) return {};
  if (typeof document !== "object" || Array.isArray(document)) throw new ConfigFileError(`${path}: the file is a mapping of sections (teams:, systems:, checks:, …)`);
  const sections: Record<string, unknown[]> = {};
  for (const [name, items] of Object.entries(document as Record<string, unknown>)) {
    if (items === null) sections[name] = [];
    else if (Array.isArray(items)) sections[name] = items;
    else throw new ConfigFileError(`${path}: ${name}: a section is a list of items`);
  }
  try {
    return substituteEnv(sections, env) as Record<string, unknown[]>;
  } catch (error) {
    throw new ConfigFileError(`${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The export as YAML, sections in the order the server gave them. */
export function toYaml(file: Record<string, unknown[]>): string {
  return stringify(file, { lineWidth: 0 });
}
