import type { NotificationMessage } from "@checkstack/backend-api";
import { headline, plainBody, toneOf, type Tone } from "@checkstack/notification-kit";

/** Gotify's clients: 8 and above pop up with sound, 4–7 sound, 1–3 silent. Escalations get 9. */
const PRIORITY: Record<Tone, number> = { critical: 8, warning: 5, good: 4, info: 4, neutral: 2 };

/** POST /message body: title, message, priority, plain-text display and a click-through link in the extras. */
export function gotifyMessage(message: NotificationMessage) {
  return {
    title: headline(message),
    message: plainBody(message),
    priority: message.kind === "escalated" ? 9 : PRIORITY[toneOf(message)],
    extras: {
      "client::display": { contentType: "text/plain" },
      ...(message.url ? { "client::notification": { click: { url: message.url } } } : {}),
    },
  };
}
