import { Anchor, Badge, Button, Group, Stack, Text } from "@mantine/core";
import { ConfirmButton, DataTable, PageHeader, QueryState, useApiMutation, useApiQuery, useHasRule } from "@checkstack/frontend-api";
import { Link } from "react-router";
import { notificationApi, paths, rules } from "./api";
import { labelFor, useChannelOptions } from "./options";
import { FULL_WIDTH } from "./badge-style";

/** Alert rules: which systems page whom, and how. */
export function RulesPage() {
  const list = useApiQuery(notificationApi.utils.listRules, undefined);
  const channels = useChannelOptions();
  const mayManage = useHasRule(rules.ruleManage);
  const remove = useApiMutation(notificationApi.utils.deleteRule, { success: "Rule deleted" });
  return (
    <Stack>
      <PageHeader
        title="Alert rules"
        description="Which systems alert, from which status, to which channels; with recovery notices, reminders and escalation."
        actions={
          mayManage ? (
            <Button component={Link} to={paths.newRule}>
              New rule
            </Button>
          ) : null
        }
      />
      <QueryState query={list}>
        {({ rules: items }) => (
          <DataTable
            rows={items}
            rowKey={(rule) => rule.id}
            scrollLabel="Alert rules"
            minWidth={340}
            highlightOnHover
            empty={{
              title: "No alert rules yet",
              hint: mayManage ? "Create a rule: choose the systems it covers and the channels to notify. Create a channel first if there is none." : "No rule is visible to you yet.",
              action: mayManage ? (
                <Button component={Link} to={paths.newRule} variant="light">
                  Create the first rule
                </Button>
              ) : undefined,
            }}
            columns={[
              {
                header: "Name",
                cell: (rule) => (
                  <>
                    <Anchor component={Link} to={paths.rule(rule.id)}>
                      {rule.name}
                    </Anchor>{" "}
                    {rule.enabled ? null : <Badge style={FULL_WIDTH} color="gray">disabled</Badge>}
                  </>
                ),
              },
              { header: "Severity", cell: (rule) => (rule.severity === "degraded" ? "degraded or worse" : "unhealthy") },
              {
                header: "Covers",
                cell: (rule) => (
                  <Text size="sm">
                    {[
                      rule.selection.systemIds.length ? `${rule.selection.systemIds.length} system(s)` : "",
                      rule.selection.groupIds.length ? `${rule.selection.groupIds.length} group(s)` : "",
                      rule.selection.teamIds.length ? `${rule.selection.teamIds.length} team(s)` : "",
                    ]
                      .filter(Boolean)
                      .join(", ")}
                  </Text>
                ),
              },
              { header: "Channels", cell: (rule) => <Text size="sm">{rule.channelIds.map((id) => labelFor(channels.data, id)).join(", ")}</Text> },
              {
                header: "Actions",
                cell: (rule) =>
                  mayManage ? (
                    <Group gap="xs" wrap="wrap">
                      <Button size="xs" variant="default" component={Link} to={paths.rule(rule.id)} aria-label={`Edit rule ${rule.name}`}>
                        Edit
                      </Button>
                      <ConfirmButton
                        size="xs"
                        label="Delete"
                        aria-label={`Delete rule ${rule.name}`}
                        question={`Delete alert rule "${rule.name}"? Its systems stop alerting through it.`}
                        onConfirm={() => remove.mutateAsync({ ruleId: rule.id })}
                      />
                    </Group>
                  ) : null,
              },
            ]}
          />
        )}
      </QueryState>
    </Stack>
  );
}
