import { REDACTED, isSecretSchema } from "@checkstack/backend-api";
import { z } from "zod";

type Schema = z.core.$ZodType;
const core = z.core;

/** Where a field sits in a value: object keys and array indexes. */
export type FieldPath = ReadonlyArray<string | number>;

/** How a secret field is stored: the ciphertext of the field's JSON. */
export interface SecretEnvelope {
  $secret: string;
}

export const SECRET_ENVELOPE_KEY = "$secret";

/** A non-secret field holding something shaped like an envelope; it would be mistaken for one on read. */
export class ReservedEnvelopeError extends Error {
  override readonly name = "ReservedEnvelopeError";
  constructor(readonly path: FieldPath) {
    super(`${formatPath(path)}: objects of the form { "${SECRET_ENVELOPE_KEY}": string } are reserved for encrypted secrets`);
  }
}

export function formatPath(path: FieldPath): string {
  if (path.length === 0) return "(root)";
  return path.map((part, index) => (typeof part === "number" ? `[${part}]` : index === 0 ? part : `.${part}`)).join("");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

export function isSecretEnvelope(value: unknown): value is SecretEnvelope {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === SECRET_ENVELOPE_KEY && typeof value[SECRET_ENVELOPE_KEY] === "string";
}

/** Schemas that only wrap another one; the value has the inner schema's shape. */
function innerOf(schema: Schema): Schema | undefined {
  if (
    schema instanceof core.$ZodOptional ||
    schema instanceof core.$ZodNullable ||
    schema instanceof core.$ZodDefault ||
    schema instanceof core.$ZodPrefault ||
    schema instanceof core.$ZodNonOptional ||
    schema instanceof core.$ZodReadonly ||
    schema instanceof core.$ZodCatch
  ) {
    return schema._zod.def.innerType;
  }
  if (schema instanceof core.$ZodLazy) return schema._zod.innerType;
  return undefined;
}

/** Whether any field of the schema is secret, whatever the value; for values no union option accepts. */
export function schemaHasSecrets(schema: Schema, seen = new Set<Schema>()): boolean {
  if (seen.has(schema)) return false;
  seen.add(schema);
  if (isSecretSchema(schema)) return true;
  return childSchemas(schema).some((child) => schemaHasSecrets(child, seen));
}

function childSchemas(schema: Schema): Schema[] {
  const inner = innerOf(schema);
  if (inner) return [inner];
  if (schema instanceof core.$ZodPipe) return [schema._zod.def.in, schema._zod.def.out];
  if (schema instanceof core.$ZodObject) {
    const { shape, catchall } = schema._zod.def;
    return [...Object.values(shape), ...(catchall ? [catchall] : [])];
  }
  if (schema instanceof core.$ZodRecord) return [schema._zod.def.valueType];
  if (schema instanceof core.$ZodArray) return [schema._zod.def.element];
  if (schema instanceof core.$ZodTuple) {
    const { items, rest } = schema._zod.def;
    return [...items, ...(rest ? [rest] : [])];
  }
  if (schema instanceof core.$ZodUnion) return [...schema._zod.def.options];
  if (schema instanceof core.$ZodIntersection) return [schema._zod.def.left, schema._zod.def.right];
  return [];
}

function collect(schema: Schema, value: unknown, path: FieldPath, out: FieldPath[]): void {
  // An absent or null secret has nothing to hide, and redacting it would hide that it is unset.
  if (value === undefined || value === null) return;
  if (isSecretSchema(schema)) {
    out.push(path);
    return;
  }
  const inner = innerOf(schema);
  if (inner) return collect(inner, value, path, out);
  if (schema instanceof core.$ZodPipe) {
    const { in: input, out: output } = schema._zod.def;
    // A transform says nothing about shape; the secret marker then sits on the input side.
    if (!(output instanceof core.$ZodTransform)) collect(output, value, path, out);
    return collect(input, value, path, out);
  }
  if (schema instanceof core.$ZodObject) return collectObject(schema, value, path, out);
  if (schema instanceof core.$ZodRecord && isPlainObject(value)) {
    for (const [key, item] of Object.entries(value)) collect(schema._zod.def.valueType, item, [...path, key], out);
    return;
  }
  if (schema instanceof core.$ZodArray && Array.isArray(value)) {
    value.forEach((item, index) => collect(schema._zod.def.element, item, [...path, index], out));
    return;
  }
  if (schema instanceof core.$ZodTuple && Array.isArray(value)) {
    const { items, rest } = schema._zod.def;
    value.forEach((item, index) => {
      const itemSchema = items[index] ?? rest;
      if (itemSchema) collect(itemSchema, item, [...path, index], out);
    });
    return;
  }
  if (schema instanceof core.$ZodUnion) return collectUnion(schema, value, path, out);
  if (schema instanceof core.$ZodIntersection) {
    collect(schema._zod.def.left, value, path, out);
    collect(schema._zod.def.right, value, path, out);
  }
}

function collectObject(schema: z.core.$ZodObject, value: unknown, path: FieldPath, out: FieldPath[]): void {
  if (!isPlainObject(value)) return;
  const { shape, catchall } = schema._zod.def;
  for (const [key, item] of Object.entries(value)) {
    const fieldSchema = Object.hasOwn(shape, key) ? shape[key] : catchall;
    if (fieldSchema) collect(fieldSchema, item, [...path, key], out);
  }
}

function collectUnion(schema: z.core.$ZodUnion, value: unknown, path: FieldPath, out: FieldPath[]): void {
  const matching = schema._zod.def.options.filter((option) => core.safeParse(option, value).success);
  for (const option of matching) collect(option, value, path, out);
  // Unable to tell which option the value is: treat all of it as secret rather than risk leaking a field.
  if (matching.length === 0 && schemaHasSecrets(schema)) out.push(path);
}

const pathKey = (path: FieldPath): string => JSON.stringify(path);

/** The concrete paths in `value` holding secret fields, outermost only. */
export function findSecretPaths(schema: Schema, value: unknown): FieldPath[] {
  const found: FieldPath[] = [];
  collect(schema, value, [], found);
  const kept = new Map<string, FieldPath>();
  for (const path of [...found].sort((a, b) => a.length - b.length)) {
    const coveredByOuter = path.some((_, length) => kept.has(pathKey(path.slice(0, length))));
    if (!coveredByOuter) kept.set(pathKey(path), path);
  }
  return [...kept.values()];
}

type Visit = (value: unknown, path: FieldPath) => { replace: unknown } | undefined;

/** Copies a JSON-like tree, letting `visit` replace any node (and skip what is under it). */
function rebuild(value: unknown, path: FieldPath, visit: Visit): unknown {
  const replaced = visit(value, path);
  if (replaced) return replaced.replace;
  if (Array.isArray(value)) return value.map((item, index) => rebuild(item, [...path, index], visit));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rebuild(item, [...path, key], visit)]));
  }
  return value;
}

/**
 * Replaces every secret field of a schema-valid value with an envelope holding
 * `encrypt(JSON of the field)`. The field's path is passed along so the cipher
 * can bind the ciphertext to where it is stored.
 */
export function sealSecrets(schema: Schema, value: unknown, encrypt: (plain: string, path: FieldPath) => string): unknown {
  const secretPaths = new Set(findSecretPaths(schema, value).map(pathKey));
  return rebuild(value, [], (node, path) => {
    if (secretPaths.has(pathKey(path))) {
      const json = JSON.stringify(node);
      if (json === undefined) throw new TypeError(`${formatPath(path)}: secret value is not JSON`);
      const envelope: SecretEnvelope = { $secret: encrypt(json, path) };
      return { replace: envelope };
    }
    if (isSecretEnvelope(node)) throw new ReservedEnvelopeError(path);
    return undefined;
  });
}

/**
 * Decrypts every envelope in a stored value. Driven by the stored shape, not a
 * schema: values written by older versions keep secrets where their own schema
 * put them, which the current schema may no longer describe.
 */
export function openSecrets(value: unknown, decrypt: (cipher: string, path: FieldPath) => string): unknown {
  return rebuild(value, [], (node, path) => {
    if (!isSecretEnvelope(node)) return undefined;
    const plain: unknown = JSON.parse(decrypt(node.$secret, path));
    return { replace: plain };
  });
}

/** Replaces every secret field, and any envelope, with REDACTED; safe for clients, logs and hooks. */
export function redactSecrets(schema: Schema, value: unknown): unknown {
  const secretPaths = new Set(findSecretPaths(schema, value).map(pathKey));
  return rebuild(value, [], (node, path) =>
    secretPaths.has(pathKey(path)) || isSecretEnvelope(node) ? { replace: REDACTED } : undefined,
  );
}
