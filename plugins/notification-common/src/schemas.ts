import { z } from "zod";

// ---- Building blocks --------------------------------------------------------

export const NameSchema = z.string().trim().min(1, "the name must not be empty").max(200, "names are at most 200 characters");
const uuid = (field: string) => z.uuid(`${field} must be a UUID`);
export const ChannelIdSchema = uuid("channelId");
export const RuleIdSchema = uuid("ruleId");
export const AlertIdSchema = uuid("alertId");

/** Grouping window when a rule does not say: changes reaching a channel within 30 s become one message. */
export const DEFAULT_GROUPING_SECONDS = 30;
/** Reminders are at least 5 minutes apart and at most this many per alert and rule. */
export const MIN_REMINDER_MINUTES = 5;
export const MAX_REMINDERS = 48;
/** A template is rendered into a chat message or an e-mail: bounded. */
export const MAX_TEMPLATE_LENGTH = 8000;

// ---- Channels ---------------------------------------------------------------

export const ChannelSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  /** Secret fields read "********"; send them back unchanged to keep them. */
  config: z.unknown(),
  enabled: z.boolean(),
  ownerTeamId: z.string().nullable(),
  /** A personal channel's owner: only they and admins see and change it. */
  ownerUserId: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Channel = z.infer<typeof ChannelSchema>;

export const CreateChannelSchema = z
  .object({
    name: NameSchema,
    kind: z.string().trim().min(1, "kind must not be empty").max(100),
    config: z.unknown(),
    enabled: z.boolean().default(true),
    ownerTeamId: uuid("ownerTeamId").optional(),
    teamOnly: z.boolean().default(false),
    /** Owned by the calling user: only they and admins see and change it; their rules may page it. */
    personal: z.boolean().default(false),
  })
  .refine((input) => !input.teamOnly || input.ownerTeamId !== undefined, { message: "teamOnly needs an ownerTeamId", path: ["teamOnly"] })
  .refine((input) => !input.personal || input.ownerTeamId === undefined, { message: "a personal channel has no owner team", path: ["personal"] });
export type CreateChannel = z.infer<typeof CreateChannelSchema>;

export const UpdateChannelSchema = z.object({
  channelId: ChannelIdSchema,
  name: NameSchema.optional(),
  config: z.unknown().optional(),
  enabled: z.boolean().optional(),
  /** Hands the channel to another team (null: to no team); its grants move with it. */
  ownerTeamId: uuid("ownerTeamId").nullable().optional(),
});
export type UpdateChannel = z.infer<typeof UpdateChannelSchema>;

export const ChannelRefSchema = z.object({ channelId: ChannelIdSchema });
export const ChannelListSchema = z.object({ channels: z.array(ChannelSchema) });

export const ChannelKindSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  description: z.string().nullable(),
  /** The config's JSON Schema, for forms; secret fields carry "checkstackSecret": true. */
  configJsonSchema: z.unknown(),
});
export const ChannelKindListSchema = z.object({ kinds: z.array(ChannelKindSchema) });

/** The provider's answer to a test message. */
export const SendTestResultSchema = z.object({
  ok: z.boolean(),
  providerStatus: z.number().nullable(),
  providerResponse: z.string().nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
  messageId: z.string(),
});

// ---- Alert rules --------------------------------------------------------------

/** The lowest status that pages: "degraded" also pages on unhealthy. */
export const RuleSeveritySchema = z.enum(["degraded", "unhealthy"]);
export type RuleSeverity = z.infer<typeof RuleSeveritySchema>;

/** Which systems a rule covers: listed ones, members of groups, or every system a team owns. */
export const SelectionSchema = z
  .object({
    systemIds: z.array(uuid("systemIds")).max(500).default([]),
    groupIds: z.array(uuid("groupIds")).max(100).default([]),
    teamIds: z.array(uuid("teamIds")).max(50).default([]),
  })
  .refine((selection) => selection.systemIds.length + selection.groupIds.length + selection.teamIds.length > 0, {
    message: "select at least one system, group or team",
  });
export type Selection = z.infer<typeof SelectionSchema>;

export const EscalationStepSchema = z.object({
  afterMinutes: z.number().int().min(1, "afterMinutes is at least 1").max(10_080),
  channelIds: z.array(uuid("channelIds")).min(1, "an escalation step needs at least one channel").max(20),
});
export type EscalationStep = z.infer<typeof EscalationStepSchema>;

const ruleFields = {
  name: NameSchema,
  enabled: z.boolean(),
  selection: SelectionSchema,
  severity: RuleSeveritySchema,
  channelIds: z.array(uuid("channelIds")).min(1, "a rule needs at least one channel").max(20),
  notifyRecovery: z.boolean(),
  /** null: no reminders. */
  reminderMinutes: z.number().int().min(MIN_REMINDER_MINUTES, `reminders are at least ${MIN_REMINDER_MINUTES} minutes apart`).max(10_080).nullable(),
  reminderMaxCount: z.number().int().min(1).max(MAX_REMINDERS, `at most ${MAX_REMINDERS} reminders`),
  escalation: z.array(EscalationStepSchema).max(5, "at most 5 escalation steps"),
  /** 0 turns grouping off. */
  groupingSeconds: z.number().int().min(0).max(3600),
  /** Mustache, logic-less: {{title}}, {{severity}}, {{#systems}}{{name}}{{/systems}}, ... */
  template: z.string().max(MAX_TEMPLATE_LENGTH).nullable(),
};

export const RuleSchema = z.object({
  id: z.string(),
  ...ruleFields,
  ownerTeamId: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type Rule = z.infer<typeof RuleSchema>;

export const CreateRuleSchema = z
  .object({
    name: ruleFields.name,
    enabled: ruleFields.enabled.default(true),
    selection: ruleFields.selection,
    severity: ruleFields.severity.default("unhealthy"),
    channelIds: ruleFields.channelIds,
    notifyRecovery: ruleFields.notifyRecovery.default(true),
    reminderMinutes: ruleFields.reminderMinutes.default(null),
    reminderMaxCount: ruleFields.reminderMaxCount.default(12),
    escalation: ruleFields.escalation.default([]),
    groupingSeconds: ruleFields.groupingSeconds.default(DEFAULT_GROUPING_SECONDS),
    template: ruleFields.template.default(null),
    ownerTeamId: uuid("ownerTeamId").optional(),
    teamOnly: z.boolean().default(false),
  })
  .refine((input) => !input.teamOnly || input.ownerTeamId !== undefined, { message: "teamOnly needs an ownerTeamId", path: ["teamOnly"] });
export type CreateRule = z.infer<typeof CreateRuleSchema>;

export const UpdateRuleSchema = z.object({
  ruleId: RuleIdSchema,
  name: ruleFields.name.optional(),
  enabled: ruleFields.enabled.optional(),
  selection: ruleFields.selection.optional(),
  severity: ruleFields.severity.optional(),
  channelIds: ruleFields.channelIds.optional(),
  notifyRecovery: ruleFields.notifyRecovery.optional(),
  reminderMinutes: ruleFields.reminderMinutes.optional(),
  reminderMaxCount: ruleFields.reminderMaxCount.optional(),
  escalation: ruleFields.escalation.optional(),
  groupingSeconds: ruleFields.groupingSeconds.optional(),
  template: ruleFields.template.optional(),
});
export type UpdateRule = z.infer<typeof UpdateRuleSchema>;

export const RuleRefSchema = z.object({ ruleId: RuleIdSchema });
export const RuleListSchema = z.object({ rules: z.array(RuleSchema) });

// ---- Alerts -------------------------------------------------------------------

export const AlertSeveritySchema = z.enum(["degraded", "unhealthy"]);
export const AlertSchema = z.object({
  id: z.string(),
  systemId: z.string(),
  systemName: z.string(),
  severity: AlertSeveritySchema,
  /** open: the system is not healthy; resolved: it recovered. */
  state: z.enum(["open", "resolved"]),
  /** Set when the alert is folded into the alert of a system it depends on. */
  parentAlertId: z.string().nullable(),
  openedAt: z.date(),
  escalatedAt: z.date().nullable(),
  resolvedAt: z.date().nullable(),
  acknowledgedAt: z.date().nullable(),
  acknowledgedBy: z.string().nullable(),
  reason: z.string().nullable(),
});
export type Alert = z.infer<typeof AlertSchema>;

export const TimelineEntrySchema = z.object({
  at: z.date(),
  /** opened, escalated, resolved, acknowledged, notified, suppressed, folded, affected, reminder, escalation */
  event: z.string(),
  detail: z.string().nullable(),
});

export const ListAlertsSchema = z
  .object({
    state: z.enum(["open", "resolved", "all"]).default("open"),
    systemId: uuid("systemId").optional(),
    limit: z.number().int().min(1).max(500).default(100),
  })
  .default({ state: "open", limit: 100 });
export const AlertListSchema = z.object({ alerts: z.array(AlertSchema) });
export const AlertRefSchema = z.object({ alertId: AlertIdSchema });
export const AlertDetailSchema = AlertSchema.extend({ timeline: z.array(TimelineEntrySchema) });

// ---- Silences -------------------------------------------------------------------

export const SilenceTargetSchema = z.enum(["system", "group", "rule"]);
export const CreateSilenceSchema = z.object({
  targetType: SilenceTargetSchema,
  targetId: uuid("targetId"),
  until: z.coerce.date().refine((until) => until.getTime() > Date.now(), "until must be in the future"),
  reason: z.string().trim().min(1, "a silence needs a reason").max(500),
});
export const SilenceSchema = z.object({
  id: z.string(),
  targetType: SilenceTargetSchema,
  targetId: z.string(),
  until: z.date(),
  reason: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
});
export type Silence = z.infer<typeof SilenceSchema>;
export const SilenceListSchema = z.object({ silences: z.array(SilenceSchema) });
export const SilenceRefSchema = z.object({ silenceId: uuid("silenceId") });

// ---- Delivery log ----------------------------------------------------------------

export const MessageStateSchema = z.enum(["open", "sending", "retrying", "delivered", "failed", "dropped"]);
export const DeliveryAttemptSchema = z.object({
  id: z.string(),
  messageId: z.string(),
  channelId: z.string(),
  alertIds: z.array(z.string()),
  kind: z.string(),
  status: z.enum(["delivered", "failed", "retrying"]),
  providerStatus: z.number().nullable(),
  error: z.string().nullable(),
  attempt: z.number().int(),
  durationMs: z.number().int(),
  at: z.date(),
});
export const ListDeliveriesSchema = z
  .object({
    channelId: uuid("channelId").optional(),
    alertId: uuid("alertId").optional(),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .default({ limit: 200 });
export const DeliveryListSchema = z.object({ deliveries: z.array(DeliveryAttemptSchema) });
export const MessageRefSchema = z.object({ messageId: uuid("messageId") });
export const MessageSchema = z.object({
  id: z.string(),
  channelId: z.string(),
  state: MessageStateSchema,
  attempts: z.number().int(),
  title: z.string().nullable(),
  createdAt: z.date(),
  deliveredAt: z.date().nullable(),
  lastError: z.string().nullable(),
});
export const MessageListSchema = z.object({ messages: z.array(MessageSchema) });
export const ListMessagesSchema = z
  .object({ channelId: uuid("channelId").optional(), state: MessageStateSchema.optional(), limit: z.number().int().min(1).max(1000).default(200) })
  .default({ limit: 200 });

// ---- Results ------------------------------------------------------------------------

export const DeletedSchema = z.object({ deleted: z.literal(true) });
export const ChangedSchema = z.object({ changed: z.boolean() });
