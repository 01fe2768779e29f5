import { callerClient, defineConfigSection, InputError, type ConfigReferences, type ConfigSection, type RpcClient } from "@checkstack/backend-api";
import {
  DEFAULT_GROUPING_SECONDS,
  MIN_REMINDER_MINUTES,
  NameSchema,
  NotificationApi,
  RuleSeveritySchema,
  type Rule,
} from "@checkstack/notification-common";
import { z } from "zod";
import type { ChannelKinds } from "./channel-kinds";

/** Names as written, each once; order kept where it means something (the channels a rule pages first). */
const names = z.array(z.string().trim().min(1)).transform((list) => [...new Set(list)]);
/** Names whose order means nothing: sorted, so the export writes them the same way every time. */
const nameSet = names.transform((list) => list.sort());

const ChannelItemSchema = z
  .object({
    name: NameSchema,
    kind: z.string().trim().min(1).max(100),
    team: z.string().min(1).optional(),
    config: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();
type ChannelItem = z.infer<typeof ChannelItemSchema>;

const EscalationItemSchema = z
  .object({
    afterMinutes: z.number().int().min(1).max(10_080),
    channels: names.pipe(z.array(z.string()).min(1, "an escalation step needs at least one channel")),
  })
  .strict();

const RuleItemSchema = z
  .object({
    name: NameSchema,
    systems: nameSet.optional(),
    groups: nameSet.optional(),
    /** Every system a team owns (the selection the API offers beside systems and groups). */
    teams: nameSet.optional(),
    severity: RuleSeveritySchema,
    channels: names.pipe(z.array(z.string()).min(1, "a rule needs at least one channel").max(20)),
    notifyRecovery: z.boolean().default(true),
    reminderMinutes: z.number().int().min(MIN_REMINDER_MINUTES, `reminders are at least ${MIN_REMINDER_MINUTES} minutes apart`).max(10_080).optional(),
    groupingSeconds: z.number().int().min(0).max(3600).default(DEFAULT_GROUPING_SECONDS),
    escalation: z.array(EscalationItemSchema).max(5).default([]),
  })
  .strict()
  // Empty lists are written as absent, so a file with `groups: []` plans no change against the export.
  .transform(({ systems, groups, teams, ...rest }) => ({
    ...rest,
    ...(systems?.length ? { systems } : {}),
    ...(groups?.length ? { groups } : {}),
    ...(teams?.length ? { teams } : {}),
  }))
  .refine((rule) => Boolean(rule.systems ?? rule.groups ?? rule.teams), { message: "select at least one system, group or team", path: ["systems"] });
type RuleItem = z.infer<typeof RuleItemSchema>;

const ids = (references: ConfigReferences, section: string, list: ReadonlyArray<string> | undefined, path: string) =>
  (list ?? []).map((name, index) => references.idOf(section, name, `${path}.${index}`));

/** An id the caller cannot name (a channel it cannot see, say) is written as the id. */
const namesOf = (references: ConfigReferences, section: string, list: ReadonlyArray<string>) => list.map((id) => references.nameOf(section, id) ?? id);
const sortedNamesOf = (references: ConfigReferences, section: string, list: ReadonlyArray<string>) => namesOf(references, section, list).sort();

/**
 * The `channels` and `alertRules` sections of checkstack.yaml. Changes go through this plugin's
 * own procedures, called in-process as the caller inside the config apply's transaction (same
 * validation, sealing of secrets, ownership grants and audit as the API). References are by name.
 */
export function notificationConfigSections(rpcClient: () => RpcClient | undefined, kinds: ChannelKinds): ConfigSection[] {
  const client = () => callerClient(rpcClient(), NotificationApi);

  const channels = defineConfigSection<ChannelItem>({
    name: "channels",
    schema: ChannelItemSchema,
    references: ["teams"],
    // The kind's defaults filled in, as the channel is stored and exported.
    async normalize(item) {
      const kind = kinds.require(item.kind);
      const parsed = kind.configSchema.safeParse(item.config);
      if (!parsed.success) throw InputError.fromIssues(`Invalid ${kind.id} config`, parsed.error.issues, { basePath: "config" });
      return { ...item, config: parsed.data as Record<string, unknown> };
    },
    async export(references) {
      const { channels: all } = await client().listChannels();
      // A user's personal channel is theirs, not part of the cluster's declared configuration.
      return all.filter((channel) => channel.ownerUserId === null).map((channel) => {
        const team = channel.ownerTeamId ? references.nameOf("teams", channel.ownerTeamId) : undefined;
        return { id: channel.id, item: { name: channel.name, kind: channel.kind, ...(team ? { team } : {}), config: (channel.config ?? {}) as Record<string, unknown> } };
      });
    },
    async apply(change, references) {
      if (change.action === "delete") {
        await client().deleteChannel({ channelId: change.id });
        return undefined;
      }
      const { item } = change;
      const ownerTeamId = item.team === undefined ? null : references.idOf("teams", item.team, "team");
      if (change.action === "create") {
        const created = await client().createChannel({ name: item.name, kind: item.kind, config: item.config, ...(ownerTeamId ? { ownerTeamId } : {}) });
        return { id: created.id };
      }
      if (change.before.kind !== item.kind) throw new InputError(`a channel's kind cannot change (it is ${change.before.kind}); give the new one another name`, { path: "kind" });
      await client().updateChannel({ channelId: change.id, config: item.config, ownerTeamId });
      return undefined;
    },
  });

  const fields = (item: RuleItem, references: ConfigReferences) => ({
    selection: {
      systemIds: ids(references, "systems", item.systems, "systems"),
      groupIds: ids(references, "groups", item.groups, "groups"),
      teamIds: ids(references, "teams", item.teams, "teams"),
    },
    severity: item.severity,
    channelIds: ids(references, "channels", item.channels, "channels"),
    notifyRecovery: item.notifyRecovery,
    reminderMinutes: item.reminderMinutes ?? null,
    groupingSeconds: item.groupingSeconds,
    escalation: item.escalation.map((step, index) => ({ afterMinutes: step.afterMinutes, channelIds: ids(references, "channels", step.channels, `escalation.${index}.channels`) })),
  });

  const toItem = (rule: Rule, references: ConfigReferences): RuleItem => {
    const { systemIds, groupIds, teamIds } = rule.selection;
    return {
      name: rule.name,
      ...(systemIds.length ? { systems: sortedNamesOf(references, "systems", systemIds) } : {}),
      ...(groupIds.length ? { groups: sortedNamesOf(references, "groups", groupIds) } : {}),
      ...(teamIds.length ? { teams: sortedNamesOf(references, "teams", teamIds) } : {}),
      severity: rule.severity,
      channels: namesOf(references, "channels", rule.channelIds),
      notifyRecovery: rule.notifyRecovery,
      ...(rule.reminderMinutes !== null ? { reminderMinutes: rule.reminderMinutes } : {}),
      groupingSeconds: rule.groupingSeconds,
      escalation: rule.escalation.map((step) => ({ afterMinutes: step.afterMinutes, channels: namesOf(references, "channels", step.channelIds) })),
    };
  };

  const alertRules = defineConfigSection<RuleItem>({
    name: "alertRules",
    schema: RuleItemSchema,
    references: ["systems", "groups", "teams", "channels"],
    async export(references) {
      const { rules } = await client().listRules();
      return rules.map((rule) => ({ id: rule.id, item: toItem(rule, references) }));
    },
    async apply(change, references) {
      if (change.action === "delete") {
        await client().deleteRule({ ruleId: change.id });
        return undefined;
      }
      if (change.action === "create") {
        const created = await client().createRule({ name: change.item.name, ...fields(change.item, references) });
        return { id: created.id };
      }
      // Fields the file does not declare (enabled, reminderMaxCount, template) keep what the API set.
      await client().updateRule({ ruleId: change.id, ...fields(change.item, references) });
      return undefined;
    },
  });

  return [channels, alertRules];
}
