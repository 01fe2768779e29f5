import { createHash } from "node:crypto";

/** How the sections' exports show a secret value they cannot read back. */
export const REDACTED = "********";

/** JSON with sorted keys and without undefined members: equal items give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, member]) => member !== undefined);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, member]) => [key, sortKeys(member)]));
}

/** The hash of an item as applied, kept for managed resources (it notices a changed secret). */
export function digestOf(item: unknown): string {
  return createHash("sha256").update(canonicalJson(item)).digest("hex");
}

/** `desired` with every value the current export shows redacted redacted too, so the two compare. */
export function redactLike(desired: unknown, current: unknown): unknown {
  if (current === REDACTED && typeof desired === "string") return REDACTED;
  if (Array.isArray(desired) && Array.isArray(current)) return desired.map((member, index) => redactLike(member, current[index]));
  if (desired !== null && typeof desired === "object" && current !== null && typeof current === "object" && !Array.isArray(current)) {
    const currentRecord = current as Record<string, unknown>;
    return Object.fromEntries(Object.entries(desired as Record<string, unknown>).map(([key, member]) => [key, redactLike(member, currentRecord[key])]));
  }
  return desired;
}

/** The top-level fields whose values differ. */
export function changedFields(desired: Record<string, unknown>, current: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(desired), ...Object.keys(current)]);
  return [...keys].filter((key) => canonicalJson(desired[key]) !== canonicalJson(current[key])).sort();
}

/**
 * An export with its redacted secrets written as `${env:…}` references (never their values): the
 * variable is named after the section, the resource and the field, e.g. CHECKSTACK_CHECKS_API_CONFIG_TOKEN.
 */
export function secretsAsReferences(value: unknown, prefix: string): unknown {
  if (value === REDACTED) return `\${env:${prefix.toUpperCase().replace(/[^A-Z0-9]+/g, "_").replace(/^_+|_+$/g, "")}}`;
  if (Array.isArray(value)) return value.map((member, index) => secretsAsReferences(member, `${prefix}_${index}`));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, member]) => [key, secretsAsReferences(member, `${prefix}_${key}`)]));
  }
  return value;
}
