import { Anchor, Group, NativeSelect, Stack, Text } from "@mantine/core";
import { DataTable, PageHeader, QueryState, useApiQuery } from "@checkstack/frontend-api";
import { useState } from "react";
import { Link } from "react-router";
import { notificationApi, paths } from "./api";
import { AcknowledgeButton } from "./acknowledge-button";
import { AlertStateBadge, SeverityBadge } from "./alert-badges";
import { formatTime } from "./format";

type StateFilter = "open" | "resolved" | "all";

/** Alerts the user may see, open first by default, refreshed while the page is open. */
export function AlertsPage() {
  const [state, setState] = useState<StateFilter>("open");
  const alerts = useApiQuery(notificationApi.utils.listAlerts, { state, limit: 200 }, { refetchInterval: 5000 });
  return (
    <Stack>
      <PageHeader title="Alerts" description="Systems that went degraded or unhealthy under an alert rule. Acknowledge to stop reminders and escalation." />
      <Group>
        <NativeSelect
          label="Show"
          value={state}
          data={[
            { value: "open", label: "Open alerts" },
            { value: "resolved", label: "Resolved alerts" },
            { value: "all", label: "All alerts" },
          ]}
          onChange={(event) => setState(event.currentTarget.value as StateFilter)}
        />
      </Group>
      <QueryState query={alerts}>
        {({ alerts: list }) => (
          <DataTable
            rows={list}
            rowKey={(alert) => alert.id}
            rowData={(alert) => ({ "data-alert-system": alert.systemName })}
            scrollLabel="Alerts"
            minWidth={340}
            highlightOnHover
            empty={{
              title: state === "open" ? "No open alerts" : "No alerts",
              hint:
                state === "open"
                  ? "Every system covered by a rule is fine. Alerts appear here when one turns degraded or unhealthy; make sure an alert rule covers your systems."
                  : "No alert matches. Alerts are opened by alert rules: create one under Alert rules.",
            }}
            columns={[
              {
                header: "System",
                cell: (alert) => (
                  <>
                    <Anchor component={Link} to={paths.alert(alert.id)} aria-label={`Alert of ${alert.systemName}, opened ${formatTime(alert.openedAt)}`}>
                      {alert.systemName}
                    </Anchor>
                    {alert.reason ? (
                      <Text size="xs" c="dimmed" lineClamp={2}>
                        {alert.reason}
                      </Text>
                    ) : null}
                    <Text size="xs" c="dimmed">
                      opened {formatTime(alert.openedAt)}
                    </Text>
                  </>
                ),
              },
              {
                header: "State",
                cell: (alert) => (
                  <Stack gap={4} align="flex-start">
                    <AlertStateBadge state={alert.state} acknowledged={alert.acknowledgedAt !== null} />
                    <SeverityBadge severity={alert.severity} />
                  </Stack>
                ),
              },
              { header: "Actions", cell: (alert) => <AcknowledgeButton alert={alert} /> },
            ]}
          />
        )}
      </QueryState>
    </Stack>
  );
}
