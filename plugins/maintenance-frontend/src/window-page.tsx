import { Badge, Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { BackLink, ConfirmButton, DataTable, type DataColumn, PageHeader, QueryState, useApiMutation, useApiQuery, useHasRule } from "@checkstack/frontend-api";
import { Link, useParams } from "react-router";
import { maintenanceApi, rules, type WindowDetail } from "./api";
import { describeRecurrence, PHASE_COLOURS, PHASE_LABELS, phaseOf } from "./describe";
import { useSystemNames } from "@checkstack/catalog-frontend/options";

type Occurrence = WindowDetail["occurrences"][number];

const OCCURRENCE_LABELS = { scheduled: "Scheduled", in_progress: "In progress", completed: "Completed", cancelled: "Cancelled" } as const;

function Occurrences(props: { window: WindowDetail; mayManage: boolean }) {
  const cancel = useApiMutation(maintenanceApi.utils.cancelOccurrence, { success: "Occurrence cancelled" });
  const occurrences = [...props.window.occurrences].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  if (occurrences.length === 0) return <Text c="dimmed">No occurrences in the coming 30 days.</Text>;
  const when = (occurrence: Occurrence) => `${occurrence.startsAt.toLocaleString()} – ${occurrence.endsAt.toLocaleString()}`;
  const columns: Array<DataColumn<Occurrence>> = [
    { header: "When", cell: when },
    { header: "Status", cell: (occurrence) => OCCURRENCE_LABELS[occurrence.status] },
  ];
  if (props.mayManage) {
    columns.push({
      header: "Actions",
      cell: (occurrence) =>
        occurrence.status === "scheduled" || occurrence.status === "in_progress" ? (
          <ConfirmButton
            size="xs"
            label="Cancel"
            aria-label={`Cancel the occurrence of ${when(occurrence)}`}
            confirmLabel="Cancel occurrence"
            question={`Cancel only the occurrence of ${when(occurrence)}? The other occurrences stay scheduled.`}
            onConfirm={() => cancel.mutateAsync({ windowId: props.window.id, occurrenceId: occurrence.id })}
          />
        ) : null,
    });
  }
  // No occurrences is the sentence above, so the table's own empty state is never shown here.
  return (
    <DataTable
      rows={occurrences}
      rowKey={(occurrence) => occurrence.id}
      rowData={() => ({ "data-testid": "occurrence-row" })}
      minWidth={360}
      empty={{ title: "No occurrences", hint: "None in the coming 30 days." }}
      columns={columns}
    />
  );
}

/** One window: what it covers, how it repeats, its occurrences; edit and cancel for those who manage it. */
export function WindowPage() {
  const { windowId = "" } = useParams();
  const window = useApiQuery(maintenanceApi.utils.getWindow, { windowId });
  const mayManage = useHasRule(rules.windowManage);
  const names = useSystemNames();
  const cancelWindow = useApiMutation(maintenanceApi.utils.cancelWindow, { success: "Maintenance cancelled" });
  return (
    <Stack maw={900}>
      <BackLink to="/maintenance">All maintenance</BackLink>
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
