import type { IncidentHookPayload } from "@checkstack/incident-common";
import type { MaintenanceHookPayload } from "@checkstack/maintenance-common";

/** What one notice says; stored with its outbox row, so every retry sends the same words. */
export type NoticeType =
  | "subscription.confirm"
  | "incident.created"
  | "incident.updated"
  | "incident.resolved"
  | "maintenance.scheduled"
  | "maintenance.started"
  | "maintenance.ended";

export interface Notice {
  type: NoticeType;
  /** Stable across retries and instances: the webhook-id and the Message-ID. */
  id: string;
  page: { slug: string; title: string };
  title: string;
  /** The incident's status ("investigating"…) or the maintenance's ("scheduled", "in_progress", "completed", "cancelled"). */
  status: string | null;
  impact: string | null;
  startsAt: string | null;
  endsAt: string | null;
  occurredAt: string;
}

type PageRef = Notice["page"];

export function incidentNotice(type: "incident.created" | "incident.updated" | "incident.resolved", eventId: string, page: PageRef, payload: IncidentHookPayload): Notice {
  return { type, id: eventId, page, title: payload.title, status: payload.status, impact: payload.impact, startsAt: null, endsAt: null, occurredAt: new Date().toISOString() };
}

export function maintenanceNotice(
  type: "maintenance.scheduled" | "maintenance.started" | "maintenance.ended",
  eventId: string,
  page: PageRef,
  payload: MaintenanceHookPayload & { cancelled?: boolean },
): Notice {
  const status = type === "maintenance.scheduled" ? "scheduled" : type === "maintenance.started" ? "in_progress" : payload.cancelled ? "cancelled" : "completed";
  return { type, id: eventId, page, title: payload.title, status, impact: null, startsAt: payload.startsAt, endsAt: payload.endsAt, occurredAt: new Date().toISOString() };
}

export function confirmNotice(id: string, page: PageRef): Notice {
  return { type: "subscription.confirm", id, page, title: `Confirm your subscription to ${page.title}`, status: null, impact: null, startsAt: null, endsAt: null, occurredAt: new Date().toISOString() };
}

const STATUS_WORDS: Record<string, string> = {
  investigating: "Investigating",
  identified: "Identified",
  monitoring: "Monitoring",
  resolved: "Resolved",
  scheduled: "Scheduled",
  in_progress: "In progress",
  completed: "Completed",
  cancelled: "Cancelled",
};
const when = (iso: string) => iso.replace("T", " ").slice(0, 16) + " UTC";

/** The subject line and the lines of the body, before links are added. */
export function noticeWords(notice: Notice): { subject: string; lines: string[] } {
  const status = notice.status ? (STATUS_WORDS[notice.status] ?? notice.status) : "";
  const prefix = `[${notice.page.title}]`;
  switch (notice.type) {
    case "subscription.confirm":
      return {
        subject: `${prefix} Confirm your subscription`,
        lines: [`Someone (hopefully you) asked to receive ${notice.page.title} status updates at this address.`, "Nothing is sent until the subscription is confirmed; if it was not you, ignore this mail."],
      };
    case "incident.created":
    case "incident.updated":
    case "incident.resolved": {
      const verb = notice.type === "incident.created" ? "New incident" : notice.type === "incident.resolved" ? "Resolved" : "Incident update";
      return { subject: `${prefix} ${verb}: ${notice.title}`, lines: [`${notice.title}`, `Status: ${status}${notice.impact ? ` · Impact: ${notice.impact}` : ""}`] };
    }
    default: {
      const verb = notice.type === "maintenance.scheduled" ? "Scheduled maintenance" : notice.type === "maintenance.started" ? "Maintenance started" : `Maintenance ${status.toLowerCase()}`;
      const window = notice.startsAt && notice.endsAt ? `${when(notice.startsAt)} – ${when(notice.endsAt)}` : "";
      return { subject: `${prefix} ${verb}: ${notice.title}`, lines: [notice.title, `Status: ${status}`, ...(window ? [`Window: ${window}`] : [])] };
    }
  }
}
