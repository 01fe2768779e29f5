import type { NotificationMessage, NotificationMessageKind, NotificationSeverity, NotificationSystem } from "@checkstack/backend-api";
import { renderTemplate, type TemplateView } from "../templates";

/** One alert inside a message, as the renderer needs it. */
export interface RenderItem {
  alertId: string;
  systemId: string;
  systemName: string;
  severity: "degraded" | "unhealthy";
  resolved: boolean;
  reason: string | null;
  openedAt: Date;
  /** Dependants folded into this alert ("api, web and worker are affected"). */
  affected: string[];
  /** A signed link acknowledging this alert, when a public URL is configured. */
  ackUrl?: string | null;
}

const KIND_ORDER: NotificationMessageKind[] = ["escalated", "firing", "reminder", "acknowledged", "recovered", "test", "incident", "maintenance"];

/** "a", "a and b", "a, b and c". */
export function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

function verb(kind: NotificationMessageKind, severity: "degraded" | "unhealthy"): string {
  if (kind === "recovered") return "recovered";
  if (kind === "reminder") return `still ${severity}`;
  if (kind === "escalated") return "now unhealthy";
  return severity;
}

/**
 * The message for a group of notifications of one channel: the most urgent kind leads, the title
 * counts systems ("5 systems unhealthy: a, b, c, d and e"), and the text lists each with the failing
 * check, since when, and what depends on it. A rule's template, when set, replaces the text.
 */
export function renderMessage(input: {
  id: string;
  kinds: NotificationMessageKind[];
  items: RenderItem[];
  publicUrl: string | null;
  template: string | null;
}): NotificationMessage {
  const kind = KIND_ORDER.find((candidate) => input.kinds.includes(candidate)) ?? "firing";
  const worst = input.items.some((item) => item.severity === "unhealthy") ? "unhealthy" : "degraded";
  const severity: NotificationSeverity = kind === "recovered" ? "healthy" : worst;
  const names = input.items.map((item) => item.systemName);
  const subject = input.items.length === 1 ? names[0] ?? "" : `${input.items.length} systems`;
  const title = `${subject} ${verb(kind, worst)}${input.items.length > 1 ? `: ${joinNames(names)}` : ""}`;
  const since = new Date(Math.min(...input.items.map((item) => item.openedAt.getTime()))).toISOString();
  const base = input.publicUrl?.replace(/\/+$/, "") ?? null;
  const url = base ? (input.items.length === 1 ? `${base}/systems/${input.items[0]?.systemId}` : `${base}/alerts`) : null;
  const systems: NotificationSystem[] = input.items.map((item) => ({
    id: item.systemId,
    name: item.systemName,
    status: item.resolved ? "healthy" : item.severity,
    ...(item.reason ? { reason: item.reason } : {}),
  }));
  const view: TemplateView = {
    title,
    kind,
    severity,
    count: input.items.length,
    since,
    url,
    systems: input.items.map((item) => ({
      name: item.systemName,
      status: item.resolved ? "healthy" : item.severity,
      reason: item.reason,
      affected: item.affected.length > 0 ? `${joinNames(item.affected)} ${item.affected.length === 1 ? "is" : "are"} affected` : null,
      // Only while there is something to acknowledge.
      ackUrl: kind !== "recovered" && !item.resolved ? (item.ackUrl ?? null) : null,
    })),
  };
  const text = input.template ? renderTemplate(input.template, view) : defaultText(view);
  const alertKey = input.items.length === 1 ? (input.items[0]?.alertId ?? input.id) : `group:${input.id}`;
  return { id: input.id, alertKey, kind, severity, title, text, systems, occurredAt: since, ...(url ? { url } : {}) };
}

function defaultText(view: TemplateView): string {
  const lines = [view.title, `Severity: ${view.severity}`, `Since: ${view.since}`];
  for (const system of view.systems) {
    lines.push(`- ${system.name}: ${system.status}${system.reason ? ` (${system.reason})` : ""}`);
    if (system.affected) lines.push(`  ${system.affected}`);
    if (system.ackUrl) lines.push(`  Acknowledge: ${system.ackUrl}`);
  }
  if (view.url) lines.push(view.url);
  return lines.join("\n");
}
