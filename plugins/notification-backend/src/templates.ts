import Mustache from "mustache";
import { InputError } from "@checkstack/backend-api";

/** What a template sees: plain data only (Mustache is logic-less: no helpers, no code). */
export interface TemplateView {
  title: string;
  kind: string;
  severity: string;
  count: number;
  since: string;
  url: string | null;
  systems: Array<{ name: string; status: string; reason: string | null; affected: string | null; ackUrl: string | null }>;
}

/** What an incident or maintenance announcement's template sees. */
export interface AnnouncementView {
  title: string;
  subject: string;
  event: string;
  status: string | null;
  impact: string | null;
  message: string | null;
  startsAt: string | null;
  endsAt: string | null;
  systems: Array<{ name: string }>;
  systemNames: string;
}

/** Parses a template at save time, so a broken one is a 400 now and not a failed page at 3 a.m. */
export function assertTemplateParses(template: string | null | undefined, path = "template"): void {
  if (!template) return;
  try {
    Mustache.parse(template);
  } catch (error) {
    throw new InputError(`does not parse: ${error instanceof Error ? error.message : String(error)}`, { path });
  }
}

/** Renders plain text: nothing is HTML-escaped (channels escape for their own formats). */
export function renderTemplate(template: string, view: TemplateView | AnnouncementView): string {
  return Mustache.render(template, view, undefined, { escape: (value: unknown) => String(value) });
}
