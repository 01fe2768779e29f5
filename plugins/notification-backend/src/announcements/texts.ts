import type { AnnouncementContent } from "../schema";
import { joinNames } from "../delivery/render";
import { renderTemplate, type AnnouncementView } from "../templates";

/** The incident and maintenance events alerting announces. */
export type AnnouncementEvent =
  | "incident.created"
  | "incident.updated"
  | "incident.resolved"
  | "maintenance.upcoming"
  | "maintenance.started"
  | "maintenance.ended"
  | "maintenance.cancelled";

/**
 * The default words per event, as Mustache templates over an AnnouncementView (the same logic-less
 * machinery as rule templates): a title line and a text body.
 */
const DEFAULTS: Record<AnnouncementEvent, { title: string; text: string }> = {
  "incident.created": {
    title: "Incident: {{subject}}",
    text: "New incident: {{subject}}\nStatus: {{status}}\nImpact: {{impact}}\n{{#systemNames}}Affected: {{systemNames}}\n{{/systemNames}}{{#message}}\n{{message}}{{/message}}",
  },
  "incident.updated": {
    title: "Incident update: {{subject}}",
    text: "Update on the incident {{subject}}\nStatus: {{status}}\nImpact: {{impact}}\n{{#systemNames}}Affected: {{systemNames}}\n{{/systemNames}}{{#message}}\n{{message}}{{/message}}",
  },
  "incident.resolved": {
    title: "Resolved: {{subject}}",
    text: "The incident {{subject}} is resolved.\n{{#systemNames}}Affected: {{systemNames}}\n{{/systemNames}}{{#message}}\n{{message}}{{/message}}",
  },
  "maintenance.upcoming": {
    title: "Upcoming maintenance: {{subject}}",
    text: "Maintenance {{subject}} is scheduled from {{startsAt}} to {{endsAt}}.\n{{#systemNames}}Systems: {{systemNames}}\n{{/systemNames}}",
  },
  "maintenance.started": {
    title: "Maintenance started: {{subject}}",
    text: "Maintenance {{subject}} has started; it is planned to end at {{endsAt}}.\n{{#systemNames}}Systems: {{systemNames}}\n{{/systemNames}}",
  },
  "maintenance.ended": {
    title: "Maintenance ended: {{subject}}",
    text: "Maintenance {{subject}} has ended.\n{{#systemNames}}Systems: {{systemNames}}\n{{/systemNames}}",
  },
  "maintenance.cancelled": {
    title: "Maintenance cancelled: {{subject}}",
    text: "Maintenance {{subject}} was cancelled.\n{{#systemNames}}Systems: {{systemNames}}\n{{/systemNames}}",
  },
};

export interface AnnouncementFacts {
  event: AnnouncementEvent;
  subject: string;
  /** incident:<id> or maintenance:<occurrence id>: one thread at the provider for the whole story. */
  subjectKey: string;
  systems: Array<{ id: string; name: string }>;
  occurredAt: string;
  status?: string;
  impact?: string;
  message?: string;
  startsAt?: string;
  endsAt?: string;
}

function severityOf(facts: AnnouncementFacts): AnnouncementContent["severity"] {
  if (facts.event === "incident.resolved" || facts.event === "maintenance.ended" || facts.event === "maintenance.cancelled") return "healthy";
  if (facts.impact === "critical" || facts.impact === "major") return "unhealthy";
  if (facts.impact === "minor") return "degraded";
  return "info";
}

/** The rendered announcement for one event. */
export function renderAnnouncement(facts: AnnouncementFacts): AnnouncementContent {
  const names = facts.systems.map((system) => system.name).sort();
  const view: AnnouncementView = {
    title: facts.subject,
    subject: facts.subject,
    event: facts.event,
    status: facts.status ?? null,
    impact: facts.impact ?? null,
    message: facts.message ?? null,
    startsAt: facts.startsAt ?? null,
    endsAt: facts.endsAt ?? null,
    systems: names.map((name) => ({ name })),
    systemNames: joinNames(names),
  };
  const template = DEFAULTS[facts.event];
  const severity = severityOf(facts);
  const status = severity === "info" ? "unknown" : severity;
  return {
    title: renderTemplate(template.title, view),
    text: renderTemplate(template.text, view).trimEnd(),
    severity,
    systems: facts.systems.map((system) => ({ id: system.id, name: system.name, status })),
    occurredAt: facts.occurredAt,
    subjectKey: facts.subjectKey,
  };
}
