import { Badge } from "@mantine/core";
import { capitalise, IMPACT_COLOURS, STATUS_COLOURS, type Impact, type IncidentStatus } from "./api";

export function StatusBadge(props: { status: IncidentStatus }) {
  return (
    <Badge color={STATUS_COLOURS[props.status]} variant="filled" data-status={props.status}>
      {capitalise(props.status)}
    </Badge>
  );
}

export function ImpactBadge(props: { impact: Impact }) {
  return (
    <Badge color={IMPACT_COLOURS[props.impact]} variant="dot">
      {`${capitalise(props.impact)} impact`}
    </Badge>
  );
}
