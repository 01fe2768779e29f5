import { Alert, Button, Code, CopyButton, Modal, MultiSelect, Stack, Text, TextInput } from "@mantine/core";
import { BadgeList, ConfirmButton, DataTable, PageHeader, QueryState, useApiMutation, useApiQuery, useFormSubmit, useHasRule } from "@checkstack/frontend-api";
import { useState } from "react";
import { authApi, rules } from "./api";

function NewKeyForm(props: { roleOptions: Array<{ value: string; label: string }>; teamOptions: Array<{ value: string; label: string }>; onCreated: (key: string) => void }) {
  const [name, setName] = useState("");
  const [roles, setRoles] = useState<string[]>([]);
  const [teams, setTeams] = useState<string[]>([]);
  const form = useFormSubmit();
  const create = useApiMutation(authApi.utils.applications.create, { success: (created) => `API key "${created.application.name}" created`, notifyErrors: false });
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        await form.run(async () => props.onCreated((await create.mutateAsync({ name, roles, teams })).key));
      }}
    >
      <Stack>
        {form.failure ? <Alert color="red">{form.failure}</Alert> : null}
        <TextInput label="Name" description="What uses the key, e.g. deploy pipeline" required value={name} error={form.errors["name"]} onChange={(event) => setName(event.currentTarget.value)} />
        <MultiSelect label="Roles" data={props.roleOptions} value={roles} onChange={setRoles} error={form.errors["roles"]} />
        <MultiSelect label="Teams" data={props.teamOptions} value={teams} onChange={setTeams} error={form.errors["teams"]} />
        <Button type="submit" loading={form.pending}>
          Create API key
        </Button>
      </Stack>
    </form>
  );
}

/** Applications and their API keys: a key is shown once, at creation; revoking stops it on every instance. */
export function ApiKeysPage() {
  const applications = useApiQuery(authApi.utils.applications.list, undefined);
  const roles = useApiQuery(authApi.utils.roles.list, undefined, { enabled: useHasRule(rules.roleRead) });
  const teams = useApiQuery(authApi.utils.teams.list, undefined, { enabled: useHasRule(rules.teamRead) });
  const mayManage = useHasRule(rules.applicationManage);
  const [creating, setCreating] = useState(false);
  const [shownKey, setShownKey] = useState<string | undefined>();
  const revoke = useApiMutation(authApi.utils.applications.delete, { success: "API key revoked" });
  const roleOptions = (roles.data ?? []).filter((role) => role.id !== "users" && role.id !== "anonymous").map((role) => ({ value: role.id, label: role.name }));
  const teamOptions = (teams.data ?? []).map((team) => ({ value: team.id, label: team.name }));
  return (
    <Stack>
      <PageHeader title="API keys" description='Keys for scripts and pipelines: send "Authorization: Bearer <key>".' actions={mayManage ? <Button onClick={() => setCreating(true)}>New API key</Button> : null} />
      <Modal
        opened={creating}
        onClose={() => {
          setCreating(false);
          setShownKey(undefined);
        }}
        title={shownKey ? "Copy the key now" : "New API key"}
      >
        {shownKey ? (
          <Stack>
            <Alert color="yellow">This is the only time the key is shown: only its fingerprint is stored.</Alert>
            <Code block data-testid="new-api-key">
              {shownKey}
            </Code>
            <CopyButton value={shownKey}>{({ copied, copy }) => <Button onClick={copy}>{copied ? "Copied" : "Copy key"}</Button>}</CopyButton>
          </Stack>
        ) : (
          <NewKeyForm roleOptions={roleOptions} teamOptions={teamOptions} onCreated={setShownKey} />
        )}
      </Modal>
      <QueryState query={applications}>
        {(list) => (
          <DataTable
            rows={list}
            rowKey={(application) => application.id}
            minWidth={500}
            empty={{ title: "No API keys", hint: "Create one for each script or pipeline, with only the roles it needs." }}
            columns={[
              { header: "Name", cell: (application) => application.name },
              { header: "Roles", cell: (application) => <BadgeList items={application.roles} /> },
              { header: "Created", cell: (application) => <Text size="sm">{application.createdAt.toLocaleString()}</Text> },
              {
                header: "Actions",
                cell: (application) =>
                  mayManage ? (
                    <ConfirmButton
                      size="xs"
                      label="Revoke"
                      aria-label={`Revoke API key ${application.name}`}
                      question={`Revoke "${application.name}"? Its key stops working on every instance at once.`}
                      onConfirm={() => revoke.mutateAsync({ applicationId: application.id })}
                    />
                  ) : null,
              },
            ]}
          />
        )}
      </QueryState>
    </Stack>
  );
}
