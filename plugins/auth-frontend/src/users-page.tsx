import { Alert, Button, Modal, MultiSelect, PasswordInput, Stack, Switch, Text, TextInput } from "@mantine/core";
import { BadgeList, ConfirmButton, DataTable, PageHeader, QueryState, useApiMutation, useApiQuery, useFormSubmit, useHasRule, useSession } from "@checkstack/frontend-api";
import { useState } from "react";
import { authApi, rules } from "./api";

function NewUserForm(props: { roleOptions: Array<{ value: string; label: string }>; onDone: () => void }) {
  const [email, setEmail] = useState("");
  const [displayName, setDisplayName] = useState("");
  const [password, setPassword] = useState("");
  const [roles, setRoles] = useState<string[]>([]);
  const form = useFormSubmit();
  const create = useApiMutation(authApi.utils.users.create, { success: (user) => `User ${user.email} created`, notifyErrors: false });
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        if (await form.run(() => create.mutateAsync({ email, displayName, password, roles }))) props.onDone();
      }}
    >
      <Stack>
        {form.failure ? <Alert color="red">{form.failure}</Alert> : null}
        <TextInput label="Email" type="email" required value={email} error={form.errors["email"]} onChange={(event) => setEmail(event.currentTarget.value)} />
        <TextInput label="Display name" required value={displayName} error={form.errors["displayName"]} onChange={(event) => setDisplayName(event.currentTarget.value)} />
        <PasswordInput label="Initial password" required autoComplete="new-password" value={password} error={form.errors["password"]} onChange={(event) => setPassword(event.currentTarget.value)} />
        <MultiSelect label="Roles" description="Everyone also has the built-in users role." data={props.roleOptions} value={roles} onChange={setRoles} />
        <Button type="submit" loading={form.pending}>
          Create user
        </Button>
      </Stack>
    </form>
  );
}

/** User accounts: create, disable, assign roles, reset passwords, delete. */
export function UsersPage() {
  const users = useApiQuery(authApi.utils.users.list, undefined);
  const mayReadRoles = useHasRule(rules.roleRead);
  const roles = useApiQuery(authApi.utils.roles.list, undefined, { enabled: mayReadRoles });
  const mayManage = useHasRule(rules.userManage);
  const mayManageRoles = useHasRule(rules.roleManage);
  const me = useSession().user;
  const [creating, setCreating] = useState(false);
  const update = useApiMutation(authApi.utils.users.update, { success: (user) => `${user.email} ${user.disabled ? "disabled" : "enabled"}` });
  const setRoles = useApiMutation(authApi.utils.users.setRoles, { success: (user) => `Roles of ${user.email} saved` });
  const remove = useApiMutation(authApi.utils.users.delete, { success: "User deleted" });
  const roleOptions = (roles.data ?? []).filter((role) => role.id !== "users" && role.id !== "anonymous").map((role) => ({ value: role.id, label: role.name }));
  return (
    <Stack>
      <PageHeader title="Users" description="People who sign in. What they may do comes from their roles and teams." actions={mayManage ? <Button onClick={() => setCreating(true)}>New user</Button> : null} />
      <Modal opened={creating} onClose={() => setCreating(false)} title="New user">
        <NewUserForm roleOptions={roleOptions} onDone={() => setCreating(false)} />
      </Modal>
      <QueryState query={users}>
        {(list) => (
          <DataTable
            rows={list}
            rowKey={(user) => user.id}
            minWidth={640}
            empty={{ title: "No users", hint: "Create the first one." }}
            columns={[
              {
                header: "User",
                cell: (user) => (
                  <>
                    <Text fw={600}>{user.displayName}</Text>
                    <Text size="xs" c="dimmed">
                      {user.email}
                    </Text>
                  </>
                ),
              },
              {
                header: "Roles",
                minWidth: 200,
                cell: (user) =>
                  mayManage && mayManageRoles ? (
                    <MultiSelect aria-label={`Roles of ${user.email}`} data={roleOptions} value={user.roles} onChange={(next) => setRoles.mutate({ userId: user.id, roles: next })} />
                  ) : (
                    <BadgeList items={user.roles} />
                  ),
              },
              {
                header: "Enabled",
                cell: (user) => (
                  <Switch
                    aria-label={`${user.email} may sign in`}
                    checked={!user.disabled}
                    disabled={!mayManage || user.id === me?.id}
                    onChange={(event) => update.mutate({ userId: user.id, disabled: !event.currentTarget.checked })}
                  />
                ),
              },
              {
                header: "Actions",
                cell: (user) =>
                  mayManage && user.id !== me?.id ? (
                    <ConfirmButton size="xs" label="Delete" aria-label={`Delete user ${user.email}`} question={`Delete ${user.email}? Their sessions end at once.`} onConfirm={() => remove.mutateAsync({ userId: user.id })} />
                  ) : null,
              },
            ]}
          />
        )}
      </QueryState>
    </Stack>
  );
}
