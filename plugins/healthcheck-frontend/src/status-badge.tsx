import { Badge } from "@mantine/core";
import type { HealthStatus } from "./api";

export const COLORS: Record<HealthStatus, string> = { healthy: "green", degraded: "yellow", unhealthy: "red", unknown: "gray.7" };
export const LABELS: Record<HealthStatus, string> = { healthy: "Healthy", degraded: "Degraded", unhealthy: "Unhealthy", unknown: "No data" };

/** A system's or check's status in words and colour (never colour alone). */
export function StatusBadge(props: { status: HealthStatus; size?: "xs" | "sm" | "md" | "lg" }) {
  return (
    <Badge color={COLORS[props.status]} variant={props.status === "unknown" ? "outline" : "filled"} size={props.size ?? "sm"} data-status={props.status}>
      {LABELS[props.status]}
    </Badge>
  );
}
