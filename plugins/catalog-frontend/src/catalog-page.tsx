import { Anchor, Button, Group, Modal, Stack, Table, Tabs, Text } from "@mantine/core";
import { ConfirmButton, EmptyState, PageHeader, QueryState, useApiMutation, useApiQuery, useHasRule } from "@checkstack/frontend-api";
import { useState } from "react";
import { Link } from "react-router";
import { authApi, catalogApi, rules } from "./api";
import { useAllSystems } from "./all-systems";
import { GroupsPanel } from "./groups-panel";
import { SystemForm, type SystemFormValue } from "./system-form";

type System = NonNullable<ReturnType<typeof useAllSystems>["data"]>[number];

function toInput(value: SystemFormValue) {
  return {
    name: value.name,
    ...(value.description ? { description: value.description } : {}),
    ...(value.ownerTeamId ? { ownerTeamId: value.ownerTeamId } : {}),
    teamOnly: value.teamOnly,
  };
}

function SystemsPanel() {
  const systems = useAllSystems();
  const mayManage = useHasRule(rules.systemManage);
  const mayReadTeams = useHasRule(rules.teamRead);
  const teams = useApiQuery(authApi.utils.teams.list, undefined, { enabled: mayReadTeams });
  const teamName = (id: string | null) => (id ? (teams.data?.find((team) => team.id === id)?.name ?? id) : "—");
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<System | undefined>();
  const create = useApiMutation(catalogApi.utils.createSystem, { success: (system) => `System "${system.name}" created`, notifyErrors: false });
  const update = useApiMutation(catalogApi.utils.updateSystem, { success: (system) => `System "${system.name}" saved`, notifyErrors: false });
  const remove = useApiMutation(catalogApi.utils.deleteSystem, { success: "System deleted" });
  return (
    <Stack>
      {mayManage ? (
        <div>
          <Button onClick={() => setCreating(true)}>New system</Button>
        </div>
      ) : null}
      <Modal opened={creating} onClose={() => setCreating(false)} title="New system">
        <SystemForm
          submitLabel="Create system"
          onSubmit={async (value) => {
            await create.mutateAsync(toInput(value));
            setCreating(false);
          }}
        />
      </Modal>
      <Modal opened={editing !== undefined} onClose={() => setEditing(undefined)} title={`Edit ${editing?.name ?? "system"}`}>
        {editing ? (
          <SystemForm
            submitLabel="Save"
            initial={{ name: editing.name, description: editing.description ?? "", ownerTeamId: editing.ownerTeamId ?? "", teamOnly: false }}
            onSubmit={async (value) => {
              await update.mutateAsync({ systemId: editing.id, name: value.name, description: value.description || null, ownerTeamId: value.ownerTeamId || null, teamOnly: value.teamOnly });
              setEditing(undefined);
            }}
          />
        ) : null}
      </Modal>
      <QueryState query={systems}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState
              title="No systems yet"
              hint={mayManage ? "A system is something you monitor: a website, an API, a database. Create one, then add health checks to it." : "Nothing you may see is in the catalog yet."}
            />
          ) : (
            <Table.ScrollContainer minWidth={500}>
              <Table striped highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Name</Table.Th>
                    <Table.Th>Owner team</Table.Th>
                    <Table.Th>Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((system) => (
                    <Table.Tr key={system.id}>
                      <Table.Td>
                        <Anchor component={Link} to={`/systems/${system.id}`}>
                          {system.name}
                        </Anchor>
                        {system.description ? (
                          <Text size="xs" c="dimmed">
                            {system.description}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>{teamName(system.ownerTeamId)}</Table.Td>
                      <Table.Td>
                        {mayManage ? (
                          <Group gap="xs" wrap="nowrap">
                            <Button size="xs" variant="default" onClick={() => setEditing(system)} aria-label={`Edit ${system.name}`}>
                              Edit
                            </Button>
                            <ConfirmButton
                              size="xs"
                              label="Delete"
                              aria-label={`Delete ${system.name}`}
                              question={`Delete system "${system.name}"? Its checks stop watching it and its history goes.`}
                              onConfirm={() => remove.mutateAsync({ systemId: system.id })}
                            />
                          </Group>
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
    </Stack>
  );
}

export function CatalogPage() {
  const mayReadGroups = useHasRule(rules.groupRead);
  return (
    <Stack>
      <PageHeader title="Catalog" description="The systems you monitor and the groups they are filed in." />
      <Tabs defaultValue="systems" keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="systems">Systems</Tabs.Tab>
          {mayReadGroups ? <Tabs.Tab value="groups">Groups</Tabs.Tab> : null}
        </Tabs.List>
        <Tabs.Panel value="systems" pt="md">
          <SystemsPanel />
        </Tabs.Panel>
        {mayReadGroups ? (
          <Tabs.Panel value="groups" pt="md">
            <GroupsPanel />
          </Tabs.Panel>
        ) : null}
      </Tabs>
    </Stack>
  );
}
