import { Anchor, Badge, Button, Card, Group, Stack, Tabs, Text } from "@mantine/core";
import { EmptyState, PageHeader, QueryState, useApiQuery, useHasRule } from "@checkstack/frontend-api";
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { maintenanceApi, rules, type WindowDetail } from "./api";
import { currentOccurrence, describeRecurrence, formatRange, PHASE_COLOURS, PHASE_LABELS, phaseOf, type Phase } from "./describe";

const PAGE = 200;
const TABS: Array<{ value: Phase; label: string; empty: string }> = [
  { value: "upcoming", label: "Upcoming", empty: "No maintenance is scheduled." },
  { value: "in_progress", label: "In progress", empty: "No maintenance is in progress." },
  { value: "completed", label: "Completed", empty: "No maintenance has finished yet." },
  { value: "cancelled", label: "Cancelled", empty: "No window was cancelled." },
];

/** The listed windows with their occurrences, to tell upcoming from in progress and done. */
function useWindowDetails() {
  const list = useApiQuery(maintenanceApi.utils.listWindows, { limit: PAGE });
  const ids = (list.data?.items ?? []).map((window) => window.id);
  const details = useQuery({
    queryKey: ["maintenance", "window-details", ids],
    enabled: list.data !== undefined,
    queryFn: () => Promise.all(ids.map((windowId) => maintenanceApi.client.getWindow({ windowId }))),
  });
  return { list, details };
}

function WindowCard(props: { window: WindowDetail }) {
  const phase = phaseOf(props.window);
  const occurrence = currentOccurrence(props.window);
  return (
    <Card withBorder padding="sm" data-testid="window-row">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Anchor component={Link} to={`/maintenance/${props.window.id}`} fw={600} style={{ overflowWrap: "anywhere" }}>
          {props.window.title}
        </Anchor>
        <Badge color={PHASE_COLOURS[phase]} variant="filled">
          {PHASE_LABELS[phase]}
        </Badge>
      </Group>
      <Text size="sm" c="dimmed" mt={4}>
        {`${describeRecurrence(props.window.recurrence)} · ${props.window.systemIds.length} system${props.window.systemIds.length === 1 ? "" : "s"}`}
        {occurrence ? ` · ${formatRange(occurrence)}` : ""}
      </Text>
    </Card>
  );
}

/** Maintenance windows by where they stand: upcoming, in progress, completed, cancelled. */
export function WindowsPage() {
  const mayManage = useHasRule(rules.windowManage);
  const { list, details } = useWindowDetails();
  const newButton = (variant: "filled" | "light") =>
    mayManage ? (
      <Button component={Link} to="/maintenance/new" variant={variant}>
        Schedule maintenance
      </Button>
    ) : null;
  return (
    <Stack>
      <PageHeader title="Maintenance" description="Planned work: status pages announce it and alerts of its systems stay quiet while it runs." actions={newButton("filled")} />
      <QueryState query={{ isPending: list.isPending || details.isPending, error: list.error ?? details.error, data: details.data }}>
        {(windows) =>
          windows.length === 0 ? (
            <EmptyState
              title="No maintenance windows"
              hint={mayManage ? "Schedule a window before planned work, once or repeating, so people know and alerts stay quiet." : "No planned work you may see."}
              action={newButton("light")}
            />
          ) : (
            <Tabs defaultValue={windows.some((window) => phaseOf(window) === "in_progress") ? "in_progress" : "upcoming"}>
              <Tabs.List>
                {TABS.map((tab) => (
                  <Tabs.Tab key={tab.value} value={tab.value}>
                    {`${tab.label} (${windows.filter((window) => phaseOf(window) === tab.value).length})`}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
              {TABS.map((tab) => {
                const shown = windows.filter((window) => phaseOf(window) === tab.value);
                return (
                  <Tabs.Panel key={tab.value} value={tab.value} pt="md">
                    {shown.length === 0 ? (
                      <Text c="dimmed">{tab.empty}</Text>
                    ) : (
                      <Stack gap="xs">
                        {shown.map((window) => (
                          <WindowCard key={window.id} window={window} />
                        ))}
                      </Stack>
                    )}
                  </Tabs.Panel>
                );
              })}
            </Tabs>
          )
        }
      </QueryState>
      {list.data?.nextCursor ? <Text size="sm" c="dimmed">{`Showing the newest ${PAGE} windows.`}</Text> : null}
    </Stack>
  );
}
