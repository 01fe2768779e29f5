import { isSecretSchema } from "@checkstack/backend-api";
import { z } from "zod";

/** A field's schema and the schemas inside its optional / default / nullable wrappers: secret() and describe() may sit on any. */
function layers(schema: z.core.$ZodType): z.core.$ZodType[] {
  const found: z.core.$ZodType[] = [];
  for (let current: z.core.$ZodType | undefined = schema; current; current = (current._zod.def as { innerType?: z.core.$ZodType }).innerType) {
    found.push(current);
  }
  return found;
}

function fieldsOf(schema: z.ZodType): Array<[string, z.core.$ZodType]> {
  if (!(schema instanceof z.ZodObject)) throw new Error("a channel config schema is expected to be an object");
  return Object.entries(schema.shape as Record<string, z.core.$ZodType>);
}

/** The config fields marked secret(), by name. */
export function secretFieldNames(schema: z.ZodType): string[] {
  return fieldsOf(schema)
    .filter(([, field]) => layers(field).some((layer) => isSecretSchema(layer)))
    .map(([name]) => name)
    .sort();
}

/** The config fields with no description (the UI's form shows the description as the field's help). */
export function undescribedFieldNames(schema: z.ZodType): string[] {
  return fieldsOf(schema)
    .filter(([, field]) => !layers(field).some((layer) => z.globalRegistry.get(layer)?.description))
    .map(([name]) => name);
}

/** The secret values of a config, to check that none of them leaks into a delivery's error. */
export function secretValues(schema: z.ZodType, config: Record<string, unknown>): string[] {
  return secretFieldNames(schema)
    .map((name) => config[name])
    .filter((value): value is string => typeof value === "string" && value.length > 0);
}
