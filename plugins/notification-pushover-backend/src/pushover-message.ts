import type { NotificationMessage } from "@checkstack/backend-api";
import { headline, toneOf, truncate, type Tone } from "@checkstack/notification-kit";
import type { PushoverConfig } from "./config";

/** Pushover's priorities: 1 bypasses quiet hours, -1 is a quiet notification. */
const PRIORITY: Record<Tone, -1 | 0 | 1> = { critical: 1, warning: 0, good: -1, info: 0, neutral: -1 };
/** Emergency priority must say how often (>= 30 s) and how long (<= 3 h) Pushover repeats it. */
const EMERGENCY = { retry: 300, expire: 3600 };

function priorityOf(message: NotificationMessage, config: PushoverConfig): -1 | 0 | 1 | 2 {
  const tone = toneOf(message);
  const urgent = tone === "critical" || message.kind === "escalated";
  if (urgent && config.emergency) return 2;
  return message.kind === "escalated" ? 1 : PRIORITY[tone];
}

/** POST /1/messages.json: the documented fields and limits (message 1024, title 250, url 512, url_title 100). */
export function pushoverMessage(message: NotificationMessage, config: PushoverConfig) {
  const priority = priorityOf(message, config);
  return {
    token: config.appToken,
    user: config.userKey,
    title: truncate(headline(message), 250),
    message: truncate(message.text, 1024),
    priority,
    ...(priority === 2 ? EMERGENCY : {}),
    timestamp: Math.floor(Date.parse(message.occurredAt) / 1000),
    ...(message.url && message.url.length <= 512 ? { url: message.url, url_title: "Open in Checkstack" } : {}),
    ...(config.device ? { device: config.device } : {}),
    ...(config.sound ? { sound: config.sound } : {}),
  };
}
