import { asc, eq, inArray } from "drizzle-orm";
import { InputError, NotFoundError } from "@checkstack/backend-api";
import type { CreateRule, Rule, UpdateRule } from "@checkstack/notification-common";
import type { NotificationDatabase } from "./database";
import { channels, rules } from "./schema";
import { assertTemplateParses } from "./templates";

type RuleRow = typeof rules.$inferSelect;

function toRule(row: RuleRow): Rule {
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    selection: row.selection,
    severity: row.severity,
    channelIds: row.channelIds,
    notifyRecovery: row.notifyRecovery,
    reminderMinutes: row.reminderMinutes,
    reminderMaxCount: row.reminderMaxCount,
    escalation: row.escalation,
    groupingSeconds: row.groupingSeconds,
    template: row.template,
    ownerTeamId: row.ownerTeamId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** Alert rules; row security on "notification.rule" decides what a caller sees and changes. */
export class RuleService {
  constructor(private readonly database: NotificationDatabase) {}

  /** Every channel a rule names must exist and be visible to the caller (row security), or the rule would page nobody. */
  private async assertChannels(channelIds: ReadonlyArray<string>, path: string): Promise<void> {
    const unique = [...new Set(channelIds)];
    if (unique.length === 0) return;
    const found = await this.database.select({ id: channels.id }).from(channels).where(inArray(channels.id, unique));
    const missing = unique.filter((id) => !found.some((row) => row.id === id));
    if (missing.length > 0) throw new InputError(`no channel with id ${missing.join(", ")}`, { path });
  }

  private async validate(input: Partial<Pick<Rule, "channelIds" | "escalation" | "template">>): Promise<void> {
    assertTemplateParses(input.template);
    if (input.channelIds) await this.assertChannels(input.channelIds, "channelIds");
    for (const [index, step] of (input.escalation ?? []).entries()) await this.assertChannels(step.channelIds, `escalation.${index}.channelIds`);
  }

  async list(): Promise<Rule[]> {
    return (await this.database.select().from(rules).orderBy(asc(rules.name))).map(toRule);
  }

  async get(id: string): Promise<Rule> {
    const [row] = await this.database.select().from(rules).where(eq(rules.id, id));
    if (!row) throw new NotFoundError(`No rule with id ${id}`);
    return toRule(row);
  }

  async create(input: Omit<CreateRule, "teamOnly">): Promise<Rule> {
    await this.validate(input);
    const [row] = await this.database
      .insert(rules)
      .values({ ...input, channelIds: [...new Set(input.channelIds)], ownerTeamId: input.ownerTeamId ?? null })
      .returning();
    if (!row) throw new Error("inserting a rule returned no row");
    return toRule(row);
  }

  async update(input: UpdateRule): Promise<Rule> {
    const { ruleId, ...changes } = input;
    await this.validate({
      ...(changes.channelIds ? { channelIds: changes.channelIds } : {}),
      ...(changes.escalation ? { escalation: changes.escalation } : {}),
      ...(changes.template !== undefined ? { template: changes.template } : {}),
    });
    const set = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const [row] = await this.database
      .update(rules)
      .set({ ...set, updatedAt: new Date() })
      .where(eq(rules.id, ruleId))
      .returning();
    if (!row) throw new NotFoundError(`No rule with id ${ruleId}`);
    return toRule(row);
  }

  async delete(id: string): Promise<boolean> {
    return (await this.database.delete(rules).where(eq(rules.id, id)).returning({ id: rules.id })).length > 0;
  }
}
