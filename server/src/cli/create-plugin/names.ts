import { pluginIdSchema } from "@checkstack/common";

/**
 * Names the platform's own plugins use (or will), and words that already mean
 * something in a URL, a schema or a package name here. A plugin with one of
 * them would shadow /api/<name>/, share a plugin_<name> schema or read like an
 * SDK package, so they are refused up front rather than at boot.
 */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([
  // Platform plugins.
  "auth",
  "catalog",
  "healthcheck",
  "incident",
  "maintenance",
  "notification",
  "statuspage",
  "status-page",
  "queue",
  "config",
  // Platform namespaces: "hook" names hook work queues, the rest are the core and its URLs.
  "hook",
  "hooks",
  "core",
  "platform",
  "plugin",
  "plugins",
  "api",
  "admin",
  "checkstack",
  // SDK and workspace packages.
  "server",
  "sdk",
  "common",
  "backend",
  "frontend",
  "backend-api",
  "test-utils",
  "tsconfig",
]);

/** The CLI appends these itself; "foo-backend" as a name would give "foo-backend-backend". */
const PACKAGE_SUFFIXES = ["-backend", "-common", "-frontend"] as const;

/** Every spelling of one plugin name that the generated files need. */
export interface PluginNames {
  /** kebab-case, as typed: also the plugin id, the URL segment (/api/<id>/) and the rule prefix. */
  pluginId: string;
  /** statusNotes: prefix of values (statusNotesContract, statusNotesItems). */
  camel: string;
  /** StatusNotes: prefix of types and classes (StatusNotesService, StatusNotesItemSchema). */
  pascal: string;
  /** status_notes: the table; identifiers in SQL cannot hold dashes unquoted. */
  snake: string;
  /** plugin_status_notes: where the platform keeps the plugin's tables. */
  schemaName: string;
  /** "Status Notes": shown to people. */
  displayName: string;
  commonDir: string;
  backendDir: string;
  frontendDir: string;
  commonPackage: string;
  backendPackage: string;
  frontendPackage: string;
}

export type NameCheck = { ok: true; names: PluginNames } | { ok: false; reason: string };

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);

/** Derives every spelling from a kebab-case name that is already known to be valid. */
export function deriveNames(pluginId: string): PluginNames {
  const words = pluginId.split("-");
  const pascal = words.map(capitalize).join("");
  const snake = words.join("_");
  return {
    pluginId,
    camel: pascal.charAt(0).toLowerCase() + pascal.slice(1),
    pascal,
    snake,
    schemaName: `plugin_${snake}`,
    displayName: words.map(capitalize).join(" "),
    commonDir: `${pluginId}-common`,
    backendDir: `${pluginId}-backend`,
    frontendDir: `${pluginId}-frontend`,
    commonPackage: `@checkstack/${pluginId}-common`,
    backendPackage: `@checkstack/${pluginId}-backend`,
    frontendPackage: `@checkstack/${pluginId}-frontend`,
  };
}

/**
 * Checks a name on its own (no file system): the platform's plugin-id rules,
 * then the CLI's own. Collisions with what exists on disk are checked by
 * existing-plugins.ts.
 */
export function checkPluginName(raw: string): NameCheck {
  const name = raw.trim();
  if (name.length === 0) return { ok: false, reason: "a name is required (kebab-case, e.g. status-notes)" };
  const parsed = pluginIdSchema.safeParse(name);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]?.message ?? "invalid";
    const hint = /[A-Z_ ]/.test(name) ? ` (try "${suggestKebab(name)}")` : "";
    return { ok: false, reason: `"${name}" is not a valid plugin name: ${issue}${hint}` };
  }
  const suffix = PACKAGE_SUFFIXES.find((candidate) => name.endsWith(candidate));
  if (suffix) {
    return { ok: false, reason: `"${name}" ends in "${suffix}": give the bare name ("${name.slice(0, -suffix.length)}"); the CLI adds the suffix` };
  }
  if (RESERVED_NAMES.has(name)) {
    return { ok: false, reason: `"${name}" is reserved for the platform; choose another name` };
  }
  return { ok: true, names: deriveNames(name) };
}

/** "Status Notes" / "statusNotes" / "status_notes" -> "status-notes", for the hint in an error message. */
function suggestKebab(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
