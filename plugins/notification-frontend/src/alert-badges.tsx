import { Badge } from "@mantine/core";
import { FULL_WIDTH } from "./badge-style";

/** An alert's state in words and colour: open and unacknowledged is the one that needs someone. */
export function AlertStateBadge(props: { state: "open" | "resolved"; acknowledged: boolean }) {
  if (props.state === "resolved") return <Badge style={FULL_WIDTH} color="green" data-alert-state="resolved">resolved</Badge>;
  return props.acknowledged ? (
    <Badge style={FULL_WIDTH} color="yellow" data-alert-state="acknowledged">
      acknowledged
    </Badge>
  ) : (
    <Badge style={FULL_WIDTH} color="red" data-alert-state="open">
      open
    </Badge>
  );
}

export function SeverityBadge(props: { severity: "degraded" | "unhealthy" }) {
  return (
    <Badge style={FULL_WIDTH} variant="outline" color={props.severity === "unhealthy" ? "red" : "orange"}>
      {props.severity}
    </Badge>
  );
}
