import { Button } from "@mantine/core";
import { useApiMutation, useHasRule } from "@checkstack/frontend-api";
import { notificationApi, rules } from "./api";

/** Acknowledges an open alert: reminders and escalation stop; shown only to users who may. */
export function AcknowledgeButton(props: { alert: { id: string; systemName: string; state: string; acknowledgedAt: Date | null }; size?: "xs" | "sm" }) {
  const mayManage = useHasRule(rules.alertManage);
  const acknowledge = useApiMutation(notificationApi.utils.acknowledgeAlert, { success: (alert) => `Alert of ${alert.systemName} acknowledged` });
  if (!mayManage || props.alert.state !== "open" || props.alert.acknowledgedAt !== null) return null;
  return (
    <Button
      size={props.size ?? "xs"}
      loading={acknowledge.isPending}
      aria-label={`Acknowledge alert of ${props.alert.systemName}`}
      onClick={() => acknowledge.mutate({ alertId: props.alert.id })}
    >
      Acknowledge
    </Button>
  );
}
