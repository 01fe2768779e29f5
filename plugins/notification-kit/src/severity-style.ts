import type { NotificationMessage } from "@checkstack/backend-api";

/** Colour families every channel maps a message to; each provider turns them into its own vocabulary. */
export type Tone = "critical" | "warning" | "good" | "info" | "neutral";

const TONE_HEX: Record<Tone, string> = {
  critical: "#D93025",
  warning: "#F29900",
  good: "#1E8E3E",
  info: "#1A73E8",
  neutral: "#5F6368",
};

/**
 * The tone of a message: a recovery is good whatever severity it carries, an acknowledgement is neutral
 * (someone is on it), a test is informational; otherwise the severity decides.
 */
export function toneOf(message: Pick<NotificationMessage, "kind" | "severity">): Tone {
  if (message.kind === "recovered") return "good";
  if (message.kind === "acknowledged") return "neutral";
  if (message.kind === "test") return "info";
  switch (message.severity) {
    case "unhealthy":
      return "critical";
    case "degraded":
      return "warning";
    case "healthy":
      return "good";
    case "info":
      return "info";
  }
}

/** "#D93025": for providers that take a CSS-style colour (Slack, Mattermost). */
export function toneHex(tone: Tone): string {
  return TONE_HEX[tone];
}

/** 0xD93025 as a number: for providers that take an integer colour (Discord embeds). */
export function toneInt(tone: Tone): number {
  return parseInt(TONE_HEX[tone].slice(1), 16);
}
