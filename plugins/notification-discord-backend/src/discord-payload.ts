import type { NotificationMessage } from "@checkstack/backend-api";
import { headline, kindLabel, toneInt, toneOf, truncate } from "@checkstack/notification-kit";
import type { DiscordConfig } from "./config";

/** Discord's documented embed limits. */
const LIMITS = { title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048 };

/**
 * An "Execute Webhook" body: one embed coloured by severity, the systems as inline fields; mentions are
 * disabled so a system named "@everyone" cannot ping a server.
 */
export function discordPayload(message: NotificationMessage, config: DiscordConfig) {
  const embed = {
    title: truncate(headline(message), LIMITS.title),
    description: truncate(message.text, LIMITS.description),
    color: toneInt(toneOf(message)),
    timestamp: message.occurredAt,
    ...(message.url ? { url: message.url } : {}),
    fields: message.systems.slice(0, LIMITS.fields).map((system) => ({
      name: truncate(system.name, LIMITS.fieldName),
      value: truncate(system.reason ? `${system.status}: ${system.reason}` : system.status, LIMITS.fieldValue),
      inline: true,
    })),
    footer: { text: truncate(`${kindLabel(message.kind)} · ${message.severity} · Checkstack`, LIMITS.footer) },
  };
  return {
    ...(config.username ? { username: config.username } : {}),
    embeds: [embed],
    allowed_mentions: { parse: [] },
  };
}
