import { Group, NativeSelect, Stack, Text, TextInput, Title } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { EmptyState, PageHeader, QueryState, useHasRule } from "@checkstack/frontend-api";
import { useMemo, useState } from "react";
import { useSearchParams } from "react-router";
import type { HealthStatus } from "./api";
import { useDashboardData, type DashboardSystem } from "./catalog-data";
import { useDashboardLiveUpdates } from "./live-updates";
import { TileGrid } from "./system-tiles";

const STATUS_ORDER: Record<HealthStatus, number> = { unhealthy: 0, degraded: 1, unknown: 2, healthy: 3 };

function Section(props: { title: string; systems: DashboardSystem[] }) {
  let unhealthy = 0;
  let degraded = 0;
  for (const system of props.systems) {
    if (system.status === "unhealthy") unhealthy++;
    else if (system.status === "degraded") degraded++;
  }
  return (
    <Stack gap="xs" component="section" aria-label={props.title}>
      <Group gap="sm">
        <Title order={2} size="h4">
          {props.title}
        </Title>
        <Text size="sm" c="dimmed">
          {props.systems.length} systems{unhealthy ? `, ${unhealthy} unhealthy` : ""}
          {degraded ? `, ${degraded} degraded` : ""}
        </Text>
      </Group>
      <TileGrid systems={props.systems} />
    </Stack>
  );
}

/** Every system the user may see, with its status, grouped and filterable; worst first. */
export function DashboardPage() {
  const data = useDashboardData();
  useDashboardLiveUpdates();
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get("q") ?? "");
  const [query] = useDebouncedValue(text, 150);
  const status = params.get("status") ?? "";
  const mayManageCatalog = useHasRule("catalog.system.manage");
  const sections = useMemo(() => {
    if (!data.data) return [];
    const needle = query.trim().toLowerCase();
    const shown = data.data.systems
      .filter((system) => (status === "" || system.status === status) && (needle === "" || system.name.toLowerCase().includes(needle)))
      .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || a.name.localeCompare(b.name));
    const result = data.data.groups
      .map((group) => ({ key: group.id, title: group.name, systems: shown.filter((system) => system.groupIds.includes(group.id)) }))
      .filter((section) => section.systems.length > 0);
    const ungrouped = shown.filter((system) => system.groupIds.length === 0);
    if (ungrouped.length > 0) result.push({ key: "ungrouped", title: data.data.groups.length > 0 ? "Not in a group" : "All systems", systems: ungrouped });
    return result;
  }, [data.data, query, status]);

  return (
    <Stack>
      <PageHeader title="Dashboard" description="The status of every system you may see, updated live as checks run." />
      <Group align="flex-end" wrap="wrap">
        <TextInput label="Filter by name" placeholder="Type part of a name" value={text} onChange={(event) => setText(event.currentTarget.value)} style={{ flex: 1, minWidth: 200 }} />
        <NativeSelect
          label="Status"
          value={status}
          onChange={(event) => {
            const next = new URLSearchParams(params);
            if (event.currentTarget.value) next.set("status", event.currentTarget.value);
            else next.delete("status");
            setParams(next, { replace: true });
          }}
          data={[
            { value: "", label: "Any status" },
            { value: "unhealthy", label: "Unhealthy" },
            { value: "degraded", label: "Degraded" },
            { value: "healthy", label: "Healthy" },
            { value: "unknown", label: "No data" },
          ]}
        />
      </Group>
      <QueryState query={data}>
        {(loaded) =>
          loaded.systems.length === 0 ? (
            <EmptyState
              title="No systems to show"
              hint={mayManageCatalog ? "Add a system in the Catalog, then a health check for it under Checks." : "No system is visible to you yet. Ask an administrator to add you to a team."}
            />
          ) : sections.length === 0 ? (
            <EmptyState title="Nothing matches" hint="No system matches this filter; clear it to see them all." />
          ) : (
            <Stack gap="lg" data-testid="dashboard-sections" data-system-count={loaded.systems.length}>
              {sections.map((section) => (
                <Section key={section.key} title={section.title} systems={section.systems} />
              ))}
            </Stack>
          )
        }
      </QueryState>
    </Stack>
  );
}
