import { Button, Card, Group, NativeSelect, Stack, Text, TextInput, Title } from "@mantine/core";
import { ConfirmButton, EmptyState, QueryState, describeFailure, useApiMutation, useApiQuery, useHasRule } from "@checkstack/frontend-api";
import { useState, type FormEvent } from "react";
import { catalogApi, rules } from "./api";
import { useAllSystems } from "./all-systems";

function NewGroupForm() {
  const [name, setName] = useState("");
  const [error, setError] = useState<string | undefined>();
  const create = useApiMutation(catalogApi.utils.createGroup, { success: (group) => `Group "${group.name}" created`, notifyErrors: false });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(undefined);
    try {
      await create.mutateAsync({ name });
      setName("");
    } catch (failure) {
      const described = describeFailure(failure);
      setError(described.fieldErrors["name"] ?? described.message);
    }
  };
  return (
    <form onSubmit={submit}>
      <Group align="flex-end" wrap="wrap">
        <TextInput label="New group" required value={name} error={error} onChange={(event) => setName(event.currentTarget.value)} />
        <Button type="submit" loading={create.isPending}>
          Create group
        </Button>
      </Group>
    </form>
  );
}

function GroupCard(props: { group: { id: string; name: string; description: string | null }; systems: Array<{ id: string; name: string }> }) {
  const mayManage = useHasRule(rules.groupManage);
  const members = useApiQuery(catalogApi.utils.listGroupSystems, { groupId: props.group.id });
  const [adding, setAdding] = useState("");
  const add = useApiMutation(catalogApi.utils.addSystemToGroup, { success: "System added to the group" });
  const removeMember = useApiMutation(catalogApi.utils.removeSystemFromGroup, { success: "System removed from the group" });
  const removeGroup = useApiMutation(catalogApi.utils.deleteGroup, { success: "Group deleted" });
  const memberIds = new Set((members.data?.systems ?? []).map((system) => system.id));
  return (
    <Card withBorder>
      <Group justify="space-between" mb="xs">
        <Title order={3} size="h4">
          {props.group.name}
        </Title>
        {mayManage ? (
          <ConfirmButton
            size="xs"
            label="Delete group"
            aria-label={`Delete group ${props.group.name}`}
            question={`Delete group "${props.group.name}"? Its systems stay in the catalog.`}
            onConfirm={() => removeGroup.mutateAsync({ groupId: props.group.id })}
          />
        ) : null}
      </Group>
      <QueryState query={members}>
        {(data) => (
          <Stack gap={4}>
            {data.systems.length === 0 ? <Text c="dimmed" size="sm">No systems in this group yet.</Text> : null}
            {data.systems.map((system) => (
              <Group key={system.id} justify="space-between">
                <Text size="sm">{system.name}</Text>
                {mayManage ? (
                  <Button size="compact-xs" variant="subtle" color="red" onClick={() => removeMember.mutate({ groupId: props.group.id, systemId: system.id })} aria-label={`Remove ${system.name} from ${props.group.name}`}>
                    Remove
                  </Button>
                ) : null}
              </Group>
            ))}
          </Stack>
        )}
      </QueryState>
      {mayManage ? (
        <Group align="flex-end" mt="sm" wrap="wrap">
          <NativeSelect
            label="Add a system"
            value={adding}
            onChange={(event) => setAdding(event.currentTarget.value)}
            data={[{ value: "", label: "Choose a system" }, ...props.systems.filter((system) => !memberIds.has(system.id)).map((system) => ({ value: system.id, label: system.name }))]}
          />
          <Button
            variant="light"
            disabled={adding === ""}
            loading={add.isPending}
            onClick={() => add.mutate({ groupId: props.group.id, systemId: adding }, { onSuccess: () => setAdding("") })}
          >
            Add
          </Button>
        </Group>
      ) : null}
    </Card>
  );
}

export function GroupsPanel() {
  const groups = useApiQuery(catalogApi.utils.listGroups, undefined);
  const systems = useAllSystems();
  const mayManage = useHasRule(rules.groupManage);
  return (
    <Stack>
      {mayManage ? <NewGroupForm /> : null}
      <QueryState query={groups}>
        {(data) =>
          data.groups.length === 0 ? (
            <EmptyState title="No groups yet" hint="Groups file systems together (by product, region or team) and group them on the dashboard." />
          ) : (
            <Stack>
              {data.groups.map((group) => (
                <GroupCard key={group.id} group={group} systems={systems.data ?? []} />
              ))}
            </Stack>
          )
        }
      </QueryState>
    </Stack>
  );
}
