import { Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from "@mantine/core";
import { ConfirmButton, PageHeader, QueryState, useApiMutation, useApiQuery, useHasRule } from "@checkstack/frontend-api";
import { Link, useParams } from "react-router";
import { maintenanceApi, rules, type WindowDetail } from "./api";
import { describeRecurrence, PHASE_COLOURS, PHASE_LABELS, phaseOf } from "./describe";
import { useSystemOptions } from "@checkstack/catalog-frontend/options";

const OCCURRENCE_LABELS = { scheduled: "Scheduled", in_progress: "In progress", completed: "Completed", cancelled: "Cancelled" } as const;

function Occurrences(props: { window: WindowDetail; mayManage: boolean }) {
  const cancel = useApiMutation(maintenanceApi.utils.cancelOccurrence, { success: "Occurrence cancelled" });
  const occurrences = [...props.window.occurrences].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  if (occurrences.length === 0) return <Text c="dimmed">No occurrences in the coming 30 days.</Text>;
  return (
    <Table.ScrollContainer minWidth={360}>
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>When</Table.Th>
            <Table.Th>Status</Table.Th>
            {props.mayManage ? <Table.Th>Actions</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {occurrences.map((occurrence) => {
            const when = `${occurrence.startsAt.toLocaleString()} – ${occurrence.endsAt.toLocaleString()}`;
            const open = occurrence.status === "scheduled" || occurrence.status === "in_progress";
            return (
              <Table.Tr key={occurrence.id} data-testid="occurrence-row">
                <Table.Td>{when}</Table.Td>
                <Table.Td>{OCCURRENCE_LABELS[occurrence.status]}</Table.Td>
                {props.mayManage ? (
                  <Table.Td>
                    {open ? (
                      <ConfirmButton
                        size="xs"
                        label="Cancel"
                        aria-label={`Cancel the occurrence of ${when}`}
                        confirmLabel="Cancel occurrence"
                        question={`Cancel only the occurrence of ${when}? The other occurrences stay scheduled.`}
                        onConfirm={() => cancel.mutateAsync({ windowId: props.window.id, occurrenceId: occurrence.id })}
                      />
                    ) : null}
                  </Table.Td>
                ) : null}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** One window: what it covers, how it repeats, its occurrences; edit and cancel for those who manage it. */
export function WindowPage() {
  const { windowId = "" } = useParams();
  const window = useApiQuery(maintenanceApi.utils.getWindow, { windowId });
  const mayManage = useHasRule(rules.windowManage);
  const systems = useSystemOptions();
  const names = new Map((systems.data ?? []).map((option) => [option.value, option.label]));
  const cancelWindow = useApiMutation(maintenanceApi.utils.cancelWindow, { success: "Maintenance cancelled" });
  return (
    <Stack maw={900}>
      <Anchor component={Link} to="/maintenance" size="sm">
        ← All maintenance
      </Anchor>
      <QueryState query={window}>
        {(detail) => {
          const phase = phaseOf(detail);
          const active = detail.cancelledAt === null && (phase === "upcoming" || phase === "in_progress");
          return (
            <Stack>
              <PageHeader
                title={detail.title}
                description={detail.description || undefined}
                actions={
                  mayManage && detail.cancelledAt === null ? (
                    <>
                      <Button component={Link} to={`/maintenance/${detail.id}/edit`} variant="default">
                        Edit
                      </Button>
                      {active ? (
                        <ConfirmButton
                          label="Cancel window"
                          confirmLabel="Cancel window"
                          question={`Cancel "${detail.title}"? Every scheduled occurrence is cancelled and one in progress ends now.`}
                          onConfirm={() => cancelWindow.mutateAsync({ windowId: detail.id })}
                        />
                      ) : null}
                    </>
                  ) : null
                }
              />
              <Group gap={6}>
                <Badge color={PHASE_COLOURS[phase]} variant="filled">
                  {PHASE_LABELS[phase]}
                </Badge>
                <Badge variant="default">
                  {describeRecurrence(detail.recurrence)}
                </Badge>
              </Group>
              <Card withBorder padding="sm">
                <Text size="sm">{`Starts ${detail.start.replace("T", " ")}, ends ${detail.end.replace("T", " ")} (${detail.timezone})`}</Text>
                {detail.until ? <Text size="sm">{`Repeats until ${detail.until.replace("T", " ")}`}</Text> : null}
                <Text size="sm">{`Announced ${detail.upcomingLeadMinutes} minutes ahead`}</Text>
                <Text size="sm" mt="xs" fw={600}>
                  Systems
                </Text>
                <Text size="sm">{detail.systemIds.length === 0 ? "None" : detail.systemIds.map((id) => names.get(id) ?? id).join(", ")}</Text>
              </Card>
              <Title order={2} size="h4">
                Occurrences
              </Title>
              <Occurrences window={detail} mayManage={mayManage && detail.cancelledAt === null} />
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}
