import { z } from "zod";

const cache = new WeakMap<z.ZodType, Record<string, unknown>>();

/**
 * A strategy's config schema as JSON Schema, the input side (what a form
 * fills in: defaults optional). Refinements and transforms have no JSON
 * Schema form and are left out; the server still applies them on save and
 * answers with the field's message. Secret fields keep their
 * `checkstackSecret: true` marker, so forms render them write-only.
 */
export function configJsonSchema(schema: z.ZodType): Record<string, unknown> {
  const known = cache.get(schema);
  if (known) return known;
  const json = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
  cache.set(schema, json);
  return json;
}
