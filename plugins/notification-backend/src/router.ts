import { createAlertHandlers } from "./handlers/alerts";
import { createChannelHandlers } from "./handlers/channels";
import { os, type NotificationRouterDeps } from "./handlers/implementer";
import { createRuleHandlers } from "./handlers/rules";

export type { NotificationRouterDeps } from "./handlers/implementer";

/** The notification plugin's procedures (POST /api/notification/<procedure>). */
export function createNotificationRouter(deps: NotificationRouterDeps) {
  return os.router({ ...createChannelHandlers(deps), ...createRuleHandlers(deps), ...createAlertHandlers(deps) });
}
