import { Alert, Anchor, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { EmptyState, PageHeader, QueryState, Slot, useApiQuery, useHasRule } from "@checkstack/frontend-api";
import { lazy, Suspense, useMemo } from "react";
import { Link, useParams } from "react-router";
import { catalogApi, healthcheckApi, rules } from "./api";

// The chart library is most of this plugin's bytes: loaded when a system's page first shows a chart, not with the dashboard.
const LatencyChart = lazy(() => import("./latency-chart").then((module) => ({ default: module.LatencyChart })));
import { useSystemLiveUpdates } from "./live-updates";
import { StatusBadge } from "./status-badge";

const HOUR = 3_600_000;

function percent(value: number | null): string {
  return value === null ? "—" : `${(value * 100).toFixed(value === 1 ? 0 : 2)} %`;
}

function Availability(props: { systemId: string }) {
  const availability = useApiQuery(healthcheckApi.utils.getAvailability, { systemIds: [props.systemId] });
  const row = availability.data?.[0];
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }}>
      {(
        [
          ["24 hours", row?.last24h],
          ["7 days", row?.last7d],
          ["30 days", row?.last30d],
          ["90 days", row?.last90d],
        ] as const
      ).map(([label, value]) => (
        <Card withBorder padding="sm" key={label}>
          <Text size="xs" c="dimmed">
            Availability, {label}
          </Text>
          <Text fw={700} size="lg">
            {percent(value ?? null)}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

function RecentRuns(props: { systemId: string; checkNames: Map<string, string> }) {
  const range = useMemo(() => ({ from: new Date(Date.now() - 24 * HOUR), to: new Date(Date.now() + 24 * HOUR) }), []); // far end ahead: refetches on live runs still include new ones
  const runs = useApiQuery(healthcheckApi.utils.listSystemRuns, { systemId: props.systemId, ...range, limit: 50 });
  return (
    <QueryState query={runs}>
      {(page) =>
        page.items.length === 0 ? (
          <EmptyState title="No runs in the last 24 hours" hint="Runs appear here once a check of this system has run." />
        ) : (
          <Table.ScrollContainer minWidth={500}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>When</Table.Th>
                  <Table.Th>Check</Table.Th>
                  <Table.Th>Result</Table.Th>
                  <Table.Th>Duration</Table.Th>
                  <Table.Th>Message</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.items.map((run) => (
                  <Table.Tr key={run.id}>
                    <Table.Td>{run.startedAt.toLocaleString()}</Table.Td>
                    <Table.Td>{props.checkNames.get(run.checkId) ?? run.checkId}</Table.Td>
                    <Table.Td>
                      <StatusBadge status={run.healthy ? "healthy" : "unhealthy"} size="xs" />
                    </Table.Td>
                    <Table.Td>{run.durationMs} ms</Table.Td>
                    <Table.Td>
                      <Text size="sm" c={run.healthy ? "dimmed" : "red"}>
                        {run.message ?? ""}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      }
    </QueryState>
  );
}

/** One system: status, its checks, availability, latency and the latest runs with their failure reasons. */
export function SystemPage() {
  const systemId = useParams()["systemId"] ?? "";
  const system = useApiQuery(catalogApi.utils.getSystem, { systemId });
  const status = useApiQuery(healthcheckApi.utils.getSystemStatus, { systemId });
  useSystemLiveUpdates(systemId);
  const mayReadChecks = useHasRule(rules.checkRead);
  const mayManageChecks = useHasRule(rules.checkManage);
  const checks = useApiQuery(healthcheckApi.utils.listChecks, { systemId }, { enabled: mayReadChecks });
  const range = useMemo(() => ({ from: new Date(Date.now() - 24 * HOUR), to: new Date(Date.now() + HOUR) }), []);
  const buckets = useApiQuery(healthcheckApi.utils.getSystemAggregates, { systemId, granularity: "hourly", ...range }, { enabled: mayReadChecks });
  const checkNames = new Map((checks.data ?? []).map((check) => [check.id, check.name]));
  return (
    <QueryState query={system}>
      {(loaded) => (
        <Stack>
          <PageHeader
            title={loaded.name}
            description={loaded.description ?? undefined}
            actions={
              <>
                {status.data ? <StatusBadge status={status.data.status} size="lg" /> : null}
                {mayManageChecks ? (
                  <Button component={Link} to={`/checks/new?systemId=${loaded.id}`}>
                    Add a check
                  </Button>
                ) : null}
              </>
            }
          />
          <Availability systemId={systemId} />
          {mayReadChecks ? (
            <>
              <Title order={2} size="h3">
                Checks
              </Title>
              <QueryState query={checks}>
                {(list) =>
                  list.length === 0 ? (
                    <EmptyState title="No checks yet" hint="A check probes this system on a schedule (HTTP, TCP, DNS, TLS, PostgreSQL). Add one to see its status here." />
                  ) : (
                    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }}>
                      {list.map((check) => {
                        const state = status.data?.checks.find((entry) => entry.checkId === check.id);
                        return (
                          <Card withBorder key={check.id} padding="sm" data-testid="check-card">
                            <Group justify="space-between" wrap="nowrap">
                              <Anchor component={Link} to={`/checks/${check.id}`} fw={600}>
                                {check.name}
                              </Anchor>
                              <StatusBadge status={state?.status ?? "unknown"} />
                            </Group>
                            <Text size="xs" c="dimmed">
                              {check.strategyId}, every {check.intervalSeconds} s{check.enabled ? "" : " (paused)"}
                            </Text>
                            {state?.lastMessage && state.status !== "healthy" ? (
                              <Text size="sm" c="red">
                                {state.lastMessage}
                              </Text>
                            ) : null}
                          </Card>
                        );
                      })}
                    </SimpleGrid>
                  )
                }
              </QueryState>
              <Title order={2} size="h3">
                Latency, last 24 hours
              </Title>
              <QueryState query={buckets}>
                {(list) =>
                  list.length === 0 ? (
                    <Alert color="gray">No hourly rollups yet: they fill in as checks run.</Alert>
                  ) : (
                    <Suspense fallback={<Text c="dimmed">Loading the chart…</Text>}>
                      <LatencyChart buckets={list} checkNames={checkNames} />
                    </Suspense>
                  )
                }
              </QueryState>
              <Title order={2} size="h3">
                Recent runs
              </Title>
              <RecentRuns systemId={systemId} checkNames={checkNames} />
            </>
          ) : null}
          <Slot name="system.detail" props={{ systemId }} />
        </Stack>
      )}
    </QueryState>
  );
}
