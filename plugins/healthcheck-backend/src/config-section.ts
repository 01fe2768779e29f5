import {
  callerClient,
  defineConfigSection,
  InputError,
  type ConfigReferences,
  type ConfigSection,
  type ExtensionPointCollection,
  type HealthCheckStrategy,
  type RpcClient,
} from "@checkstack/backend-api";
import { AssertionSchema, HealthcheckApi } from "@checkstack/healthcheck-common";
import { z } from "zod";

const UNITS = [
  ["h", 3_600_000],
  ["m", 60_000],
  ["s", 1000],
  ["ms", 1],
] as const;

/** "90s" → 90000; the largest unit that divides evenly writes it back ("90s", "5m", "1h"). */
function durationMs(text: string): number {
  const match = /^(\d+)(ms|s|m|h)$/.exec(text);
  const unit = UNITS.find(([suffix]) => suffix === match?.[2]);
  return Number(match?.[1]) * (unit?.[1] ?? Number.NaN);
}

export function formatDuration(ms: number): string {
  const [suffix, size] = UNITS.find(([, unitSize]) => ms % unitSize === 0) ?? ["ms", 1];
  return `${ms / size}${suffix}`;
}

const Duration = z
  .string()
  .regex(/^\d+(ms|s|m|h)$/, 'a duration such as "30s", "5m", "1h" or "500ms"')
  .transform(durationMs)
  .refine((ms) => ms > 0, "must be more than zero")
  .transform(formatDuration);

const CheckItemSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    strategy: z.string().min(1).max(100),
    interval: Duration.default("30s").refine((text) => durationMs(text) % 1000 === 0, "the interval is whole seconds"),
    timeout: Duration.default("5s"),
    enabled: z.boolean().default(true),
    systems: z
      .array(z.string().min(1))
      .min(1, "attach the check to at least one system")
      .transform((names) => [...new Set(names)].sort()),
    config: z.record(z.string(), z.unknown()).default({}),
    assertions: z.array(AssertionSchema).max(50).default([]),
  })
  .strict()
  .refine((check) => durationMs(check.timeout) <= durationMs(check.interval), { message: "the timeout cannot exceed the interval", path: ["timeout"] });
type CheckItem = z.infer<typeof CheckItemSchema>;

/**
 * The `checks` section of checkstack.yaml. Changes go through this plugin's own procedures,
 * called in-process as the caller, inside the config apply's transaction; systems are named.
 */
export function checksConfigSection(rpcClient: () => RpcClient | undefined, strategies: ExtensionPointCollection<HealthCheckStrategy>): ConfigSection {
  const client = () => callerClient(rpcClient(), HealthcheckApi);
  const systemIds = (item: CheckItem, references: ConfigReferences) => item.systems.map((system, index) => references.idOf("systems", system, `systems.${index}`));
  const fields = (item: CheckItem, references: ConfigReferences) => ({
    name: item.name,
    config: item.config,
    intervalSeconds: durationMs(item.interval) / 1000,
    timeoutMs: durationMs(item.timeout),
    enabled: item.enabled,
    assertions: item.assertions,
    systemIds: systemIds(item, references),
  });

  return defineConfigSection({
    name: "checks",
    schema: CheckItemSchema,
    references: ["systems"],
    // The strategy's defaults filled in, as the check is stored and exported.
    async normalize(item) {
      const strategy = strategies.list().find((entry) => entry.impl.id === item.strategy)?.impl;
      if (!strategy) {
        const known = strategies.list().map((entry) => entry.impl.id).sort();
        throw new InputError(`unknown strategy "${item.strategy}"; installed: ${known.join(", ") || "none"}`, { path: "strategy" });
      }
      if (!strategy.configSchema) return item;
      const parsed = strategy.configSchema.safeParse(item.config);
      if (!parsed.success) throw InputError.fromIssues(`Invalid ${strategy.id} config`, parsed.error.issues, { basePath: "config" });
      return { ...item, config: parsed.data as Record<string, unknown> };
    },
    async export(references) {
      const checks = await client().listChecks({});
      return checks.map((check) => ({
        id: check.id,
        item: {
          name: check.name,
          strategy: check.strategyId,
          interval: formatDuration(check.intervalSeconds * 1000),
          timeout: formatDuration(check.timeoutMs),
          enabled: check.enabled,
          systems: check.systemIds.map((id) => references.nameOf("systems", id) ?? id).sort(),
          config: (check.config ?? {}) as Record<string, unknown>,
          assertions: check.assertions,
        },
      }));
    },
    async apply(change, references) {
      if (change.action === "delete") {
        await client().deleteCheck({ checkId: change.id });
        return undefined;
      }
      if (change.action === "create") {
        const created = await client().createCheck({ strategyId: change.item.strategy, ...fields(change.item, references) });
        return { id: created.id };
      }
      await client().updateCheck({ checkId: change.id, ...fields(change.item, references) });
      return undefined;
    },
  });
}
