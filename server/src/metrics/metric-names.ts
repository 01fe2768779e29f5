import type { MetricDefinition } from "@checkstack/backend-api";

const NAME = /^checkstack_[a-z][a-z0-9_]*$/;
const LABEL = /^[a-z_][a-z0-9_]*$/;
/** Labels the platform sets itself. */
const RESERVED_LABELS = new Set(["instance", "job", "le", "quantile"]);

/** Refuses names Prometheus or its conventions would reject, at registration rather than at scrape time. */
export function assertMetricDefinition(definition: MetricDefinition, kind: "counter" | "gauge" | "histogram"): void {
  const { name } = definition;
  if (!NAME.test(name)) throw new Error(`metric "${name}": names are checkstack_ followed by lower-case letters, digits and _`);
  if (kind === "counter" && !name.endsWith("_total")) throw new Error(`metric "${name}": a counter's name ends in _total`);
  if (kind !== "counter" && name.endsWith("_total")) throw new Error(`metric "${name}": only counters end in _total`);
  if (definition.help.trim() === "") throw new Error(`metric "${name}": help text is required`);
  for (const label of definition.labelNames ?? []) {
    if (!LABEL.test(label) || label.startsWith("__")) throw new Error(`metric "${name}": label "${label}" is not a valid label name`);
    if (RESERVED_LABELS.has(label)) throw new Error(`metric "${name}": label "${label}" is set by the platform`);
  }
}
