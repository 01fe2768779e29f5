import { implement } from "@orpc/server";
import { autoAuthMiddleware, type RpcContext } from "@checkstack/backend-api";
import { notificationContract } from "@checkstack/notification-common";
import type { AlertService, DeliveryLog } from "../alert-service";
import type { ChannelKinds } from "../channel-kinds";
import type { ChannelService } from "../channel-service";
import type { NotificationDatabase } from "../database";
import type { SenderDeps } from "../delivery/sender";
import type { ResourceOwnership } from "../ownership";
import type { EnqueueDelivery } from "../pipeline/outbox";
import type { RuleService } from "../rule-service";

/** The contract's implementer; caller kinds, rules and instance access come from the contract's metadata. */
export const os = implement(notificationContract).$context<RpcContext>().use(autoAuthMiddleware);

export interface NotificationRouterDeps {
  database: NotificationDatabase;
  kinds: ChannelKinds;
  channels: ChannelService;
  rules: RuleService;
  alerts: AlertService;
  deliveries: DeliveryLog;
  channelOwnership: ResourceOwnership;
  ruleOwnership: ResourceOwnership;
  enqueue: EnqueueDelivery;
  sender: Omit<SenderDeps, "database">;
}

/** Who did it, for acknowledgements and silences. */
export function actorOf(context: RpcContext): string {
  const { principal } = context;
  if (principal.type === "user" || principal.type === "application") return `${principal.type}:${principal.id}`;
  if (principal.type === "service") return `service:${principal.pluginId}`;
  return "anonymous";
}
