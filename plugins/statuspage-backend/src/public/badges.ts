import Mustache from "mustache";
import type { ComponentStatus, PublicComponent } from "./snapshot";

/** Colours and words of a component status on a badge (Shields.io's palette names for the endpoint JSON). */
const LOOK: Record<ComponentStatus, { text: string; hex: string; shields: string }> = {
  operational: { text: "operational", hex: "#16a34a", shields: "brightgreen" },
  degraded_performance: { text: "degraded", hex: "#ca8a04", shields: "yellow" },
  partial_outage: { text: "partial outage", hex: "#ea580c", shields: "orange" },
  major_outage: { text: "major outage", hex: "#dc2626", shields: "red" },
  under_maintenance: { text: "maintenance", hex: "#2563eb", shields: "blue" },
};

const formatUptime = (uptime: number | null) => (uptime === null ? "no data" : `${(Math.floor(uptime * 10000) / 100).toFixed(2)}%`);
const uptimeColour = (uptime: number | null) =>
  uptime === null ? { hex: "#6b7280", shields: "lightgrey" } : uptime >= 0.999 ? { hex: "#16a34a", shields: "brightgreen" } : uptime >= 0.99 ? { hex: "#ca8a04", shields: "yellow" } : { hex: "#dc2626", shields: "red" };

/** Approximate width of Verdana 11px text, as flat badges are drawn; good enough for a label box. */
const textWidth = (text: string) => Math.round(text.length * 6.6 + 10);

const BADGE = `<svg xmlns="http://www.w3.org/2000/svg" width="{{width}}" height="20" role="img" aria-label="{{label}}: {{message}}">
<title>{{label}}: {{message}}</title>
<rect width="{{labelWidth}}" height="20" fill="#555"/>
<rect x="{{labelWidth}}" width="{{messageWidth}}" height="20" fill="{{colour}}"/>
<g fill="#fff" text-anchor="middle" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">
<text x="{{labelX}}" y="14">{{label}}</text>
<text x="{{messageX}}" y="14">{{message}}</text>
</g>
</svg>
`;

function badge(label: string, message: string, colour: string): string {
  const labelWidth = textWidth(label);
  const messageWidth = textWidth(message);
  return Mustache.render(BADGE, {
    label,
    message,
    colour,
    labelWidth,
    messageWidth,
    width: labelWidth + messageWidth,
    labelX: labelWidth / 2,
    messageX: labelWidth + messageWidth / 2,
  });
}

export const statusBadge = (component: PublicComponent) => badge(component.name, LOOK[component.status].text, LOOK[component.status].hex);
export const uptimeBadge = (component: PublicComponent) => badge(component.name, formatUptime(component.uptime), uptimeColour(component.uptime).hex);

/** Shields.io's endpoint badge document (https://shields.io/badges/endpoint-badge). */
export function shieldsEndpoint(component: PublicComponent, kind: "status" | "uptime") {
  return kind === "status"
    ? { schemaVersion: 1, label: component.name, message: LOOK[component.status].text, color: LOOK[component.status].shields }
    : { schemaVersion: 1, label: component.name, message: formatUptime(component.uptime), color: uptimeColour(component.uptime).shields };
}

export { formatUptime };
