import { Alert, Badge, Button, Card, Checkbox, Group, NativeSelect, Stack, Text, TextInput, Title } from "@mantine/core";
import { ConfirmButton, EmptyState, PageHeader, QueryState, useApiMutation, useApiQuery, useFormSubmit, useHasRule } from "@checkstack/frontend-api";
import { useState } from "react";
import { authApi, rules } from "./api";

type Team = { id: string; name: string; description: string | null; members: Array<{ type: "user" | "application"; id: string; isManager: boolean }> };

function NewTeamForm() {
  const [name, setName] = useState("");
  const form = useFormSubmit();
  const create = useApiMutation(authApi.utils.teams.create, { success: (team) => `Team "${team.name}" created`, notifyErrors: false });
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        if (await form.run(() => create.mutateAsync({ name }))) setName("");
      }}
    >
      <Group align="flex-end" wrap="wrap">
        <TextInput label="New team" required value={name} error={form.errors["name"] ?? form.failure} onChange={(event) => setName(event.currentTarget.value)} />
        <Button type="submit" loading={form.pending}>
          Create team
        </Button>
      </Group>
    </form>
  );
}

function TeamCard(props: { team: Team; users: Map<string, string> }) {
  const mayManage = useHasRule(rules.teamManage);
  const [memberId, setMemberId] = useState("");
  const [isManager, setIsManager] = useState(false);
  const setMember = useApiMutation(authApi.utils.teams.setMember, { success: "Member saved" });
  const removeMember = useApiMutation(authApi.utils.teams.removeMember, { success: "Member removed" });
  const removeTeam = useApiMutation(authApi.utils.teams.delete, { success: "Team deleted" });
  const memberIds = new Set(props.team.members.map((member) => member.id));
  return (
    <Card withBorder data-testid="team-card">
      <Group justify="space-between">
        <Title order={2} size="h4">
          {props.team.name}
        </Title>
        {mayManage ? (
          <ConfirmButton size="xs" label="Delete team" aria-label={`Delete team ${props.team.name}`} question={`Delete team "${props.team.name}"? Its members lose what the team granted them.`} onConfirm={() => removeTeam.mutateAsync({ teamId: props.team.id })} />
        ) : null}
      </Group>
      <Stack gap={4} mt="xs">
        {props.team.members.length === 0 ? <Text size="sm" c="dimmed">No members yet.</Text> : null}
        {props.team.members.map((member) => (
          <Group key={member.id} justify="space-between">
            <Text size="sm">
              {props.users.get(member.id) ?? `${member.type} ${member.id}`} {member.isManager ? <Badge size="xs">manager</Badge> : null}
            </Text>
            <Button size="compact-xs" variant="subtle" color="red" aria-label={`Remove ${props.users.get(member.id) ?? member.id} from ${props.team.name}`} onClick={() => removeMember.mutate({ teamId: props.team.id, memberType: member.type, memberId: member.id })}>
              Remove
            </Button>
          </Group>
        ))}
      </Stack>
      <Group align="flex-end" mt="sm" wrap="wrap">
        <NativeSelect
          label="Add a user"
          value={memberId}
          onChange={(event) => setMemberId(event.currentTarget.value)}
          data={[{ value: "", label: "Choose a user" }, ...[...props.users].filter(([id]) => !memberIds.has(id)).map(([id, label]) => ({ value: id, label }))]}
        />
        <Checkbox label="Manager" checked={isManager} onChange={(event) => setIsManager(event.currentTarget.checked)} mb={8} />
        <Button variant="light" disabled={memberId === ""} loading={setMember.isPending} onClick={() => setMember.mutate({ teamId: props.team.id, memberType: "user", memberId, isManager }, { onSuccess: () => setMemberId("") })}>
          Add
        </Button>
      </Group>
    </Card>
  );
}

/** Teams and their members: teams own systems and checks; managers run their own team. */
export function TeamsPage() {
  const teams = useApiQuery(authApi.utils.teams.list, undefined);
  const mayReadUsers = useHasRule(rules.userRead);
  const users = useApiQuery(authApi.utils.users.list, undefined, { enabled: mayReadUsers });
  const mayManage = useHasRule(rules.teamManage);
  const userNames = new Map((users.data ?? []).map((user) => [user.id, `${user.displayName} (${user.email})`]));
  return (
    <Stack>
      <PageHeader title="Teams" description="Teams own systems and checks; their members may see and manage what the team owns." />
      {mayManage ? <NewTeamForm /> : null}
      {!mayReadUsers ? <Alert color="gray">You may not list users, so members show by id.</Alert> : null}
      <QueryState query={teams}>
        {(list) =>
          list.length === 0 ? (
            <EmptyState title="No teams yet" hint="Create a team, add its members, then make it the owner of systems in the Catalog." />
          ) : (
            <Stack>
              {list.map((team) => (
                <TeamCard key={team.id} team={team} users={userNames} />
              ))}
            </Stack>
          )
        }
      </QueryState>
    </Stack>
  );
}
