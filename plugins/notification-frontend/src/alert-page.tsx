import { Anchor, Box, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { PageHeader, QueryState, useApiQuery } from "@checkstack/frontend-api";
import { Link, useParams } from "react-router";
import { notificationApi, paths } from "./api";
import { AcknowledgeButton } from "./acknowledge-button";
import { AlertStateBadge, SeverityBadge } from "./alert-badges";
import { formatTime } from "./format";

function Fact(props: { label: string; value: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {props.label}
      </Text>
      <Text size="sm">{props.value}</Text>
    </Stack>
  );
}

/** One alert: its state, what happened to it in order (opened, notified, acknowledged, ...), and the acknowledge button. */
export function AlertPage() {
  const alertId = useParams()["alertId"] ?? "";
  const alert = useApiQuery(notificationApi.utils.getAlert, { alertId }, { refetchInterval: 5000 });
  return (
    <Stack maw={900}>
      <QueryState query={alert}>
        {(loaded) => (
          <>
            <PageHeader
              title={`Alert: ${loaded.systemName}`}
              description={loaded.reason ?? undefined}
              actions={<AcknowledgeButton alert={loaded} size="sm" />}
            />
            <Group gap="xs">
              <AlertStateBadge state={loaded.state} acknowledged={loaded.acknowledgedAt !== null} />
              <SeverityBadge severity={loaded.severity} />
            </Group>
            <Card withBorder>
              <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
                <Fact label="Opened" value={formatTime(loaded.openedAt)} />
                <Fact label="Acknowledged" value={loaded.acknowledgedAt ? `${formatTime(loaded.acknowledgedAt)}${loaded.acknowledgedBy ? ` by ${loaded.acknowledgedBy}` : ""}` : "not yet"} />
                <Fact label="Escalated" value={loaded.escalatedAt ? formatTime(loaded.escalatedAt) : "no"} />
                <Fact label="Resolved" value={loaded.resolvedAt ? formatTime(loaded.resolvedAt) : "still open"} />
              </SimpleGrid>
            </Card>
            <Group gap="md">
              <Anchor component={Link} to={`/systems/${loaded.systemId}`}>
                Open the system
              </Anchor>
              <Anchor component={Link} to={`${paths.deliveries}?alertId=${loaded.id}`}>
                Deliveries of this alert
              </Anchor>
              {loaded.parentAlertId ? (
                <Anchor component={Link} to={paths.alert(loaded.parentAlertId)}>
                  The alert it is folded into
                </Anchor>
              ) : null}
            </Group>
            <Title order={2} size="h3">
              Timeline
            </Title>
            {loaded.timeline.length === 0 ? (
              <Text c="dimmed">Nothing recorded yet.</Text>
            ) : (
              <Box component="ol" data-testid="alert-timeline" m={0} pl={0} style={{ listStyle: "none" }}>
                {loaded.timeline.map((entry, index) => (
                  <Box
                    component="li"
                    key={index}
                    pl="md"
                    pb="sm"
                    style={{ borderLeft: "3px solid var(--mantine-color-blue-filled)", position: "relative" }}
                  >
                    <Text fw={600} size="sm">
                      {entry.event}
                    </Text>
                    {entry.detail ? <Text size="sm">{entry.detail}</Text> : null}
                    <Text size="xs" c="dimmed">
                      {formatTime(entry.at)}
                    </Text>
                  </Box>
                ))}
              </Box>
            )}
          </>
        )}
      </QueryState>
    </Stack>
  );
}
