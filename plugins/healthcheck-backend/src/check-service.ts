import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import type { ExtensionPointCollection, HealthCheckStrategy, SecretService } from "@checkstack/backend-api";
import { InputError, NotFoundError, REDACTED } from "@checkstack/backend-api";
import { z } from "zod";
import { AssertionSchema, CreateCheckSchema, type Check, type CreateCheck, type UpdateCheck } from "@checkstack/healthcheck-common";
import type { HealthcheckDatabase } from "./scheduler/claim";
import { checks, checkSystems, schedule } from "./schema";
import { configJsonSchema } from "./config-json-schema";

type CheckRow = typeof checks.$inferSelect;

/** Any sealed field, even under a schema no longer installed, reads back as "********". */
function redactEnvelopes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactEnvelopes);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 1 && entries[0]?.[0] === "$secret") return REDACTED;
    return Object.fromEntries(entries.map(([key, inner]) => [key, redactEnvelopes(inner)]));
  }
  return value;
}

export class CheckService {
  constructor(
    private readonly database: HealthcheckDatabase,
    private readonly strategies: ExtensionPointCollection<HealthCheckStrategy>,
    private readonly secrets: SecretService,
  ) {}

  strategy(id: string): HealthCheckStrategy | undefined {
    return this.strategies.list().find((entry) => entry.impl.id === id)?.impl;
  }

  listStrategies() {
    return this.strategies.list().map(({ impl }) => ({
      id: impl.id,
      displayName: impl.displayName,
      description: impl.description ?? null,
      configSchema: impl.configSchema ? configJsonSchema(impl.configSchema) : null,
    }));
  }

  private requireStrategy(id: string): HealthCheckStrategy {
    const strategy = this.strategy(id);
    if (!strategy) {
      const known = this.listStrategies().map((entry) => entry.id);
      throw new InputError(`unknown strategy "${id}"; installed: ${known.join(", ") || "none"}`, { path: "strategyId" });
    }
    return strategy;
  }

  /** The config as the strategy's schema reads it, with its secret fields sealed for this check. */
  private sealConfig(strategy: HealthCheckStrategy, checkId: string, config: unknown): unknown {
    if (!strategy.configSchema) return config ?? {};
    const parsed = strategy.configSchema.safeParse(config);
    if (!parsed.success) {
      throw InputError.fromIssues(`Invalid ${strategy.id} config`, parsed.error.issues, { basePath: "config" });
    }
    return this.secrets.seal(strategy.configSchema, parsed.data, `check:${checkId}`);
  }

  /** The stored config decrypted, for running the check. */
  openConfig(sealed: unknown, checkId: string): unknown {
    return this.secrets.open(sealed, `check:${checkId}`);
  }

  private toCheck(row: CheckRow, systemIds: string[]): Check {
    const strategy = this.strategy(row.strategyId);
    const config = strategy?.configSchema ? this.secrets.redact(strategy.configSchema, row.config) : row.config;
    return {
      id: row.id,
      name: row.name,
      strategyId: row.strategyId,
      config: redactEnvelopes(config),
      intervalSeconds: row.intervalSeconds,
      timeoutMs: row.timeoutMs,
      enabled: row.enabled,
      assertions: z.array(AssertionSchema).parse(row.assertions),
      systemIds,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }

  private async systemsOf(checkIds: string[]): Promise<Map<string, string[]>> {
    const rows = checkIds.length ? await this.database.select().from(checkSystems).where(inArray(checkSystems.checkId, checkIds)) : [];
    const bySystem = new Map<string, string[]>();
    for (const row of rows) bySystem.set(row.checkId, [...(bySystem.get(row.checkId) ?? []), row.systemId]);
    return bySystem;
  }

  async list(systemId?: string): Promise<Check[]> {
    const rows = systemId
      ? await this.database
          .select()
          .from(checks)
          .where(inArray(checks.id, this.database.select({ id: checkSystems.checkId }).from(checkSystems).where(eq(checkSystems.systemId, systemId))))
      : await this.database.select().from(checks);
    const systems = await this.systemsOf(rows.map((row) => row.id));
    return rows.map((row) => this.toCheck(row, systems.get(row.id) ?? []));
  }

  async get(checkId: string): Promise<Check> {
    const [row] = await this.database.select().from(checks).where(eq(checks.id, checkId));
    if (!row) throw new NotFoundError(`no check ${checkId}`);
    return this.toCheck(row, (await this.systemsOf([checkId])).get(checkId) ?? []);
  }

  async create(input: CreateCheck): Promise<Check> {
    const check = CreateCheckSchema.parse(input);
    const strategy = this.requireStrategy(check.strategyId);
    const id = randomUUID();
    const systemIds = [...new Set(check.systemIds)];
    await this.database.transaction(async (tx) => {
      await tx.insert(checks).values({
        id,
        name: check.name,
        strategyId: check.strategyId,
        config: this.sealConfig(strategy, id, check.config),
        intervalSeconds: check.intervalSeconds,
        timeoutMs: check.timeoutMs,
        enabled: check.enabled,
        assertions: check.assertions,
      });
      await tx.insert(checkSystems).values(systemIds.map((systemId) => ({ checkId: id, systemId })));
      if (check.enabled) await tx.insert(schedule).values(systemIds.map((systemId) => ({ checkId: id, systemId, nextRunAt: sql`now()` })));
    });
    return this.get(id);
  }

  /** Changes apply at once: a shorter interval pulls the next run in, disabling removes the schedule, new systems are due now. */
  async update(input: UpdateCheck): Promise<Check> {
    const current = await this.get(input.checkId);
    const intervalSeconds = input.intervalSeconds ?? current.intervalSeconds;
    const timeoutMs = input.timeoutMs ?? current.timeoutMs;
    if (timeoutMs > intervalSeconds * 1000) throw new InputError(`cannot exceed the interval (${intervalSeconds * 1000} ms)`, { path: "timeoutMs" });
    const enabled = input.enabled ?? current.enabled;
    const systemIds = input.systemIds ? [...new Set(input.systemIds)] : current.systemIds;
    await this.database.transaction(async (tx) => {
      const strategy = this.requireStrategy(current.strategyId);
      await tx
        .update(checks)
        .set({
          ...(input.name !== undefined ? { name: input.name } : {}),
          ...(input.config !== undefined ? { config: this.sealConfig(strategy, current.id, input.config) } : {}),
          ...(input.assertions !== undefined ? { assertions: input.assertions } : {}),
          intervalSeconds,
          timeoutMs,
          enabled,
          updatedAt: sql`now()`,
        })
        .where(eq(checks.id, current.id));
      if (input.systemIds) {
        await tx.delete(checkSystems).where(and(eq(checkSystems.checkId, current.id), notInArray(checkSystems.systemId, systemIds)));
        await tx.insert(checkSystems).values(systemIds.map((systemId) => ({ checkId: current.id, systemId }))).onConflictDoNothing();
      }
      await tx.delete(schedule).where(enabled ? and(eq(schedule.checkId, current.id), notInArray(schedule.systemId, systemIds)) : eq(schedule.checkId, current.id));
      // A check whose systems were all deleted from the catalog has nothing to schedule.
      if (!enabled || systemIds.length === 0) return;
      await tx.insert(schedule).values(systemIds.map((systemId) => ({ checkId: current.id, systemId, nextRunAt: sql`now()` }))).onConflictDoNothing();
      if (input.intervalSeconds !== undefined) {
        await tx
          .update(schedule)
          .set({ nextRunAt: sql`least(${schedule.nextRunAt}, now() + make_interval(secs => ${intervalSeconds}))` })
          .where(eq(schedule.checkId, current.id));
      }
    });
    return this.get(current.id);
  }

  async delete(checkId: string): Promise<{ deleted: boolean }> {
    const deleted = await this.database.delete(checks).where(eq(checks.id, checkId)).returning({ id: checks.id });
    return { deleted: deleted.length > 0 };
  }
}
