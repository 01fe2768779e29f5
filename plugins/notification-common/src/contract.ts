import { proc } from "@checkstack/common";
import { notificationAccess as access } from "./access";
import {
  AlertDetailSchema,
  AlertListSchema,
  AlertRefSchema,
  AlertSchema,
  ChangedSchema,
  ChannelKindListSchema,
  ChannelListSchema,
  ChannelRefSchema,
  ChannelSchema,
  CreateChannelSchema,
  CreateRuleSchema,
  CreateSilenceSchema,
  DeletedSchema,
  DeliveryListSchema,
  ListAlertsSchema,
  ListDeliveriesSchema,
  ListMessagesSchema,
  MessageListSchema,
  MessageRefSchema,
  RuleListSchema,
  RuleRefSchema,
  RuleSchema,
  SendTestResultSchema,
  SilenceListSchema,
  SilenceRefSchema,
  SilenceSchema,
  UpdateChannelSchema,
  UpdateRuleSchema,
} from "./schemas";

/** Lists and creates have no id to check: row security keeps the caller to its rows. */
const everyVisible = { instanceAccess: {} };

/**
 * Reading channels and rules is open to applications too (userType "authenticated"): the config
 * export and apply (`checkstack apply` with an API key) read them to plan.
 */
export const notificationContract = {
  // ---- Channels
  listChannelKinds: proc({ operationType: "query", userType: "user", access: [access.channel.read], ...everyVisible }).output(ChannelKindListSchema),
  listChannels: proc({ operationType: "query", userType: "authenticated", access: [access.channel.read], instanceAccess: { listKey: "channels" } }).output(
    ChannelListSchema,
  ),
  getChannel: proc({ operationType: "query", userType: "authenticated", access: [access.channel.read] }).input(ChannelRefSchema).output(ChannelSchema),
  createChannel: proc({ operationType: "mutation", userType: "authenticated", access: [access.channel.manage], ...everyVisible })
    .input(CreateChannelSchema)
    .output(ChannelSchema),
  updateChannel: proc({ operationType: "mutation", userType: "authenticated", access: [access.channel.manage] })
    .input(UpdateChannelSchema)
    .output(ChannelSchema),
  deleteChannel: proc({ operationType: "mutation", userType: "authenticated", access: [access.channel.manage] })
    .input(ChannelRefSchema)
    .output(DeletedSchema),
  /** Sends a test message now, outside rules and the outbox, and returns the provider's answer. */
  sendTest: proc({ operationType: "mutation", userType: "authenticated", access: [access.channel.manage] })
    .input(ChannelRefSchema)
    .output(SendTestResultSchema),

  // ---- Alert rules
  listRules: proc({ operationType: "query", userType: "authenticated", access: [access.rule.read], instanceAccess: { listKey: "rules" } }).output(RuleListSchema),
  getRule: proc({ operationType: "query", userType: "authenticated", access: [access.rule.read] }).input(RuleRefSchema).output(RuleSchema),
  createRule: proc({ operationType: "mutation", userType: "authenticated", access: [access.rule.manage], ...everyVisible })
    .input(CreateRuleSchema)
    .output(RuleSchema),
  updateRule: proc({ operationType: "mutation", userType: "authenticated", access: [access.rule.manage] }).input(UpdateRuleSchema).output(RuleSchema),
  deleteRule: proc({ operationType: "mutation", userType: "authenticated", access: [access.rule.manage] }).input(RuleRefSchema).output(DeletedSchema),

  // ---- Alerts (as visible as their system)
  listAlerts: proc({ operationType: "query", userType: "user", access: [access.alertRead] }).input(ListAlertsSchema).output(AlertListSchema),
  getAlert: proc({ operationType: "query", userType: "user", access: [access.alertRead] }).input(AlertRefSchema).output(AlertDetailSchema),
  /** Stops reminders and escalation of the alert; recorded in its timeline. */
  acknowledgeAlert: proc({ operationType: "mutation", userType: "authenticated", access: [access.alertManage] }).input(AlertRefSchema).output(AlertSchema),

  // ---- Silences
  listSilences: proc({ operationType: "query", userType: "user", access: [access.alertRead] }).output(SilenceListSchema),
  createSilence: proc({ operationType: "mutation", userType: "authenticated", access: [access.alertManage] }).input(CreateSilenceSchema).output(SilenceSchema),
  /** Ends a silence now (it stays in the list and the audit log). */
  endSilence: proc({ operationType: "mutation", userType: "authenticated", access: [access.alertManage] }).input(SilenceRefSchema).output(ChangedSchema),

  // ---- Delivery log
  listDeliveries: proc({ operationType: "query", userType: "user", access: [access.channel.read], ...everyVisible })
    .input(ListDeliveriesSchema)
    .output(DeliveryListSchema),
  listMessages: proc({ operationType: "query", userType: "user", access: [access.channel.read], ...everyVisible })
    .input(ListMessagesSchema)
    .output(MessageListSchema),
  /** A failed message is sent again (same message id, attempts start over). */
  retryDelivery: proc({ operationType: "mutation", userType: "authenticated", access: [access.channel.manage], ...everyVisible })
    .input(MessageRefSchema)
    .output(ChangedSchema),
};
