const REFERENCE = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** A `${env:NAME}` naming a variable the environment lacks, at its place in the file. */
export class MissingVariableError extends Error {
  override name = "MissingVariableError";
}

function placeOf(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((text, segment) => (typeof segment === "number" ? `${text}[${segment}]` : text ? `${text}.${segment}` : segment), "");
}

/**
 * The file with every `${env:NAME}` in its strings replaced by that variable's value, so secrets
 * stay out of the file (and out of git). A missing variable is an error naming the field.
 */
export function substituteEnv(value: unknown, env: Record<string, string | undefined>, path: ReadonlyArray<string | number> = []): unknown {
  if (typeof value === "string") {
    return value.replace(REFERENCE, (_match, name: string) => {
      const found = env[name];
      if (found === undefined) throw new MissingVariableError(`${placeOf(path)}: the environment variable ${name} is not set (the file says \${env:${name}})`);
      return found;
    });
  }
  if (Array.isArray(value)) return value.map((member, index) => substituteEnv(member, env, [...path, index]));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, member]) => [key, substituteEnv(member, env, [...path, key])]));
  }
  return value;
}
