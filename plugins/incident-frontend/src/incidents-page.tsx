import { Anchor, Button, Card, Group, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import { EmptyState, PageHeader, QueryState, useApiQuery, useHasRule } from "@checkstack/frontend-api";
import { useState } from "react";
import { Link } from "react-router";
import { incidentApi, rules } from "./api";
import { ImpactBadge, StatusBadge } from "./badges";
import { useSystemNames } from "@checkstack/catalog-frontend/options";

type Filter = "open" | "resolved" | "all";
const PAGE = 200;

/** Incidents, open ones first, filtered by state and title. */
export function IncidentsPage() {
  const mayManage = useHasRule(rules.incidentManage);
  const [filter, setFilter] = useState<Filter>("open");
  const [search, setSearch] = useState("");
  const incidents = useApiQuery(incidentApi.utils.listIncidents, { limit: PAGE, ...(filter === "all" ? {} : { state: filter }) });
  const names = useSystemNames();
  return (
    <Stack>
      <PageHeader
        title="Incidents"
        description="What is going wrong, what it affects, and what you have told people about it."
        actions={
          mayManage ? (
            <Button component={Link} to="/incidents/new">
              New incident
            </Button>
          ) : null
        }
      />
      <Group wrap="wrap" align="flex-end">
        <SegmentedControl
          aria-label="Show"
          value={filter}
          onChange={(value) => setFilter(value as Filter)}
          data={[
            { value: "open", label: "Active" },
            { value: "resolved", label: "Resolved" },
            { value: "all", label: "All" },
          ]}
        />
        <TextInput label="Search titles" value={search} onChange={(event) => setSearch(event.currentTarget.value)} style={{ flex: "1 1 200px" }} />
      </Group>
      <QueryState query={incidents}>
        {(page) => {
          const needle = search.trim().toLowerCase();
          // Active first, each part newest first as the server orders it.
          const list = [...page.items]
            .filter((incident) => incident.title.toLowerCase().includes(needle))
            .sort((a, b) => Number(a.status === "resolved") - Number(b.status === "resolved"));
          if (list.length === 0) {
            return (
              <EmptyState
                title={needle ? "No incident matches" : filter === "open" ? "No active incidents" : "No incidents"}
                hint={
                  needle
                    ? "Try another search, or show all incidents."
                    : mayManage
                      ? "When something goes wrong, open an incident: say what is affected and post updates until it is resolved."
                      : "Nothing is going wrong that you may see."
                }
                action={
                  mayManage && !needle ? (
                    <Button component={Link} to="/incidents/new" variant="light">
                      Open an incident
                    </Button>
                  ) : null
                }
              />
            );
          }
          return (
            <Stack gap="xs">
              {list.map((incident) => (
                <Card key={incident.id} withBorder padding="sm" data-testid="incident-row">
                  <Group justify="space-between" wrap="wrap" gap="xs">
                    <Anchor component={Link} to={`/incidents/${incident.id}`} fw={600} style={{ overflowWrap: "anywhere" }}>
                      {incident.title}
                    </Anchor>
                    <Group gap={6}>
                      <StatusBadge status={incident.status} />
                      <ImpactBadge impact={incident.impact} />
                    </Group>
                  </Group>
                  <Text size="sm" c="dimmed" mt={4}>
                    {`Opened ${incident.createdAt.toLocaleString()}`}
                    {incident.resolvedAt ? ` · resolved ${incident.resolvedAt.toLocaleString()}` : ""}
                    {incident.systems.length > 0 ? ` · ${incident.systems.map((entry) => names.get(entry.systemId) ?? "a system").join(", ")}` : ""}
                  </Text>
                </Card>
              ))}
              {page.nextCursor ? <Text size="sm" c="dimmed">{`Showing the newest ${PAGE}; narrow the filter to see older ones.`}</Text> : null}
            </Stack>
          );
        }}
      </QueryState>
    </Stack>
  );
}
