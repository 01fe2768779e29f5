import type { NotificationMessage } from "@checkstack/backend-api";
import { headline, kindLabel, toneOf, type Tone } from "@checkstack/notification-kit";
import type { NtfyConfig } from "./config";

/** ntfy's priorities: 5 urgent (escalations), 4 high (unhealthy), 3 default, 2 low (acknowledgements). */
const PRIORITY: Record<Tone, 2 | 3 | 4> = { critical: 4, warning: 3, good: 3, info: 3, neutral: 2 };
/** Tags that ntfy shows as emojis in front of the title. */
const EMOJI_TAG: Record<Tone, string> = { critical: "rotating_light", warning: "warning", good: "white_check_mark", info: "information_source", neutral: "eyes" };

/** Above 4096 bytes ntfy turns a message into an attachment: cut the text to fit, by bytes. */
const MESSAGE_MAX_BYTES = 4096;

function fitBytes(text: string, max: number): string {
  if (Buffer.byteLength(text) <= max) return text;
  let cut = text.slice(0, max);
  while (Buffer.byteLength(`${cut}…`) > max) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** A JSON publish to the server's root: topic, title, message, priority, tags and a click-through link. */
export function ntfyMessage(message: NotificationMessage, config: NtfyConfig) {
  const tone = toneOf(message);
  return {
    topic: config.topic,
    title: headline(message),
    message: fitBytes(message.text, MESSAGE_MAX_BYTES),
    priority: message.kind === "escalated" ? 5 : PRIORITY[tone],
    tags: [EMOJI_TAG[tone], kindLabel(message.kind).toLowerCase(), message.severity],
    ...(message.url ? { click: message.url } : {}),
  };
}
