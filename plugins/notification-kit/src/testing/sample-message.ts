import type { NotificationMessage, NotificationMessageKind, NotificationSeverity } from "@checkstack/backend-api";

/** A realistic message: two systems down, with reasons and a link. */
export function sampleMessage(overrides: Partial<NotificationMessage> = {}): NotificationMessage {
  return {
    id: "msg_01J9Z3ZQ3V6T2Q",
    alertKey: "alert_7f3c2a",
    kind: "firing",
    severity: "unhealthy",
    title: "2 systems unhealthy: api, worker",
    text: "api: unhealthy since 10:02 UTC (http check: 503 from /health)\nworker: unhealthy since 10:02 UTC (tcp check: connection refused)",
    systems: [
      { id: "sys-api", name: "api", status: "unhealthy", reason: "http check: 503 from /health" },
      { id: "sys-worker", name: "worker", status: "unhealthy", reason: "tcp check: connection refused" },
    ],
    occurredAt: "2026-12-02T10:02:00.000Z",
    url: "https://status.example.com/systems/sys-api",
    ...overrides,
  };
}

/** The variants every channel kind must deliver: each lifecycle kind at the severity it usually carries. */
export const MESSAGE_VARIANTS: ReadonlyArray<{ kind: NotificationMessageKind; severity: NotificationSeverity }> = [
  { kind: "firing", severity: "unhealthy" },
  { kind: "firing", severity: "degraded" },
  { kind: "escalated", severity: "unhealthy" },
  { kind: "reminder", severity: "degraded" },
  { kind: "acknowledged", severity: "unhealthy" },
  { kind: "recovered", severity: "healthy" },
  { kind: "test", severity: "info" },
  { kind: "incident", severity: "unhealthy" },
  { kind: "maintenance", severity: "info" },
];

/** The sample message turned into one variant, with a title that says which. */
export function variantMessage(variant: { kind: NotificationMessageKind; severity: NotificationSeverity }): NotificationMessage {
  return sampleMessage({ ...variant, id: `msg_${variant.kind}_${variant.severity}`, title: `${variant.kind} ${variant.severity}: api, worker` });
}
