import { Stack } from "@mantine/core";
import { PageHeader, QueryState, useApiQuery } from "@checkstack/frontend-api";
import { useParams } from "react-router";
import { notificationApi } from "./api";
import { NEW_RULE, RuleForm } from "./rule-form";

/** Create (/notifications/rules/new) or edit (/notifications/rules/:ruleId) an alert rule. */
export function RuleEditorPage() {
  const ruleId = useParams()["ruleId"];
  const rule = useApiQuery(notificationApi.utils.getRule, { ruleId: ruleId ?? "" }, { enabled: ruleId !== undefined });
  return (
    <Stack maw={760}>
      <PageHeader title={ruleId ? "Edit alert rule" : "New alert rule"} description="The server checks the rule; its messages appear under the fields." />
      {ruleId ? (
        <QueryState query={rule}>
          {(loaded) => (
            <RuleForm
              ruleId={loaded.id}
              initial={{
                name: loaded.name,
                enabled: loaded.enabled,
                systemIds: loaded.selection.systemIds,
                groupIds: loaded.selection.groupIds,
                teamIds: loaded.selection.teamIds,
                severity: loaded.severity,
                channelIds: loaded.channelIds,
                notifyRecovery: loaded.notifyRecovery,
                reminders: loaded.reminderMinutes !== null,
                reminderMinutes: loaded.reminderMinutes ?? 60,
                reminderMaxCount: loaded.reminderMaxCount,
                escalation: loaded.escalation,
                groupingSeconds: loaded.groupingSeconds,
                template: loaded.template ?? "",
              }}
            />
          )}
        </QueryState>
      ) : (
        <RuleForm initial={NEW_RULE} />
      )}
    </Stack>
  );
}
