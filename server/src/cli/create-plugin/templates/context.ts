import type { PluginNames } from "../names";
import type { DependencyVersions } from "../sdk-versions";

/** Everything a template needs; templates are pure functions of it. */
export interface TemplateContext {
  names: PluginNames;
  /** Never empty: the CLI fills in a default. */
  description: string;
  versions: DependencyVersions;
}

/** Relative path inside the package folder -> file content. */
export type FileMap = Record<string, string>;

/** A JSON file as npm writes them: two-space indent and a final newline. */
export function jsonFile(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** A string as a TypeScript literal; JSON's escaping is valid TS. */
export function tsString(text: string): string {
  return JSON.stringify(text);
}

export function defaultDescription(names: PluginNames): string {
  return `The ${names.displayName} plugin`;
}
