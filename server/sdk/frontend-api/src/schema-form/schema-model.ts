/**
 * How a JSON Schema (as zod 4's z.toJSONSchema writes it) becomes form
 * fields: which input each node gets, its initial value, and its label.
 * Kept apart from React so the rules are tested on their own.
 */

/** The JSON Schema subset the generated forms read. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  default?: unknown;
  description?: string;
  title?: string;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  /** The platform's marker of a secret field (secret() in the backend SDK). */
  checkstackSecret?: boolean;
}

/** The value a redacted secret reads back as; sending it back keeps the stored secret. */
export const REDACTED_SECRET = "********";

export type FieldKind =
  | "secret"
  | "enum"
  | "text"
  | "multiline"
  | "number"
  | "integer"
  | "boolean"
  | "list"
  | "object"
  | "record"
  | "json";

function singleType(schema: JsonSchema): string | undefined {
  if (typeof schema.type === "string") return schema.type;
  return undefined;
}

/** Which input renders a schema node. Anything the form cannot structure is edited as JSON text. */
export function fieldKindOf(schema: JsonSchema): FieldKind {
  if (schema.checkstackSecret === true) return "secret";
  if (Array.isArray(schema.enum) && schema.enum.length > 0 && schema.enum.every((entry) => typeof entry === "string")) return "enum";
  switch (singleType(schema)) {
    case "string":
      return schema.maxLength !== undefined && schema.maxLength > 1000 ? "multiline" : "text";
    case "integer":
      return "integer";
    case "number":
      return "number";
    case "boolean":
      return "boolean";
    case "array":
      return schema.items ? "list" : "json";
    case "object":
      if (schema.properties) return "object";
      if (typeof schema.additionalProperties === "object") return "record";
      return "json";
    default:
      return "json";
  }
}

/** "secretHeaders" → "Secret headers"; "timeoutMs" → "Timeout ms". */
export function labelOf(name: string, schema: JsonSchema): string {
  if (schema.title) return schema.title;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The value a new form starts with: defaults where the schema has them, required objects filled in. */
export function initialValueOf(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return structuredClone(schema.default);
  const kind = fieldKindOf(schema);
  if (kind === "object") {
    const value: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(schema.properties ?? {})) {
      const childKind = fieldKindOf(child);
      const required = schema.required?.includes(name) ?? false;
      const initial = child.default !== undefined || (required && childKind === "object") ? initialValueOf(child) : undefined;
      if (initial !== undefined) value[name] = initial;
    }
    return value;
  }
  if (kind === "boolean") return false;
  return undefined;
}

/** Reads a JSON-text field: JSON when it parses, else the text itself (so `2xx` stays a string). */
export function parseJsonText(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return undefined;
  try {
    return JSON.parse(trimmed) as unknown;
  } catch {
    return text;
  }
}

/** How a JSON-text field shows its value. */
export function formatJsonText(value: unknown): string {
  if (value === undefined) return "";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** Joins a field path as the server names fields in its errors ("expected.values.0"). */
export function joinPath(parent: string, key: string | number): string {
  return parent === "" ? String(key) : `${parent}.${key}`;
}

/**
 * Removes what an untouched optional field left behind (undefined, empty
 * strings of optional text fields) so the server applies its own defaults.
 */
export function compactValue(schema: JsonSchema, value: unknown): unknown {
  const kind = fieldKindOf(schema);
  if (kind === "object" && typeof value === "object" && value !== null && !Array.isArray(value)) {
    const result: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
      const childSchema = schema.properties?.[name];
      const required = schema.required?.includes(name) ?? false;
      const compacted = childSchema ? compactValue(childSchema, child) : child;
      if (compacted === undefined) continue;
      if (!required && compacted === "" && childSchema && ["text", "multiline", "secret"].includes(fieldKindOf(childSchema))) continue;
      result[name] = compacted;
    }
    return result;
  }
  if (kind === "list" && Array.isArray(value) && schema.items) {
    const items = schema.items;
    return value.map((entry) => compactValue(items, entry));
  }
  return value;
}
