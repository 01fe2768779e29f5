import { Sections } from "./sections";
import { Alert, Badge, Button, Checkbox, Group, Stack, Text, TextInput } from "@mantine/core";
import { ConfirmButton, PageHeader, QueryState, useApiMutation, useApiQuery, useFormSubmit, useHasRule } from "@checkstack/frontend-api";
import { useState } from "react";
import { authApi, rules } from "./api";

type Rule = { id: string; pluginId: string; description: string | null; isDefault: boolean; isPublic: boolean };
type Role = { id: string; name: string; description: string | null; isSystem: boolean; rules: string[] };

function RoleRules(props: { role: Role; rules: Rule[]; mayManage: boolean }) {
  const [selected, setSelected] = useState(new Set(props.role.rules));
  const save = useApiMutation(authApi.utils.roles.setRules, { success: (role) => `Rules of ${role.name} saved` });
  const remove = useApiMutation(authApi.utils.roles.delete, { success: "Role deleted" });
  const byPlugin = new Map<string, Rule[]>();
  for (const rule of props.rules) byPlugin.set(rule.pluginId, [...(byPlugin.get(rule.pluginId) ?? []), rule]);
  const changed = selected.size !== props.role.rules.length || props.role.rules.some((rule) => !selected.has(rule));
  return (
    <Stack gap="xs">
      {props.role.id === "users" ? <Text size="sm" c="dimmed">Every signed-in user has this role. Default rules start here; a default rule you untick stays off (disabled default).</Text> : null}
      {[...byPlugin].map(([pluginId, list]) => (
        <Stack key={pluginId} gap={4}>
          <Text fw={600} size="sm">
            {pluginId}
          </Text>
          {list.map((rule) => {
            const disabledDefault = props.role.id === "users" && rule.isDefault && !selected.has(rule.id);
            return (
              <Checkbox
                key={rule.id}
                disabled={!props.mayManage || props.role.id === "admin"}
                checked={selected.has(rule.id)}
                onChange={(event) => {
                  const next = new Set(selected);
                  if (event.currentTarget.checked) next.add(rule.id);
                  else next.delete(rule.id);
                  setSelected(next);
                }}
                label={
                  <span>
                    <code>{rule.id}</code> {rule.isDefault ? <Badge size="xs" variant="filled">default</Badge> : null} {disabledDefault ? <Badge size="xs" color="orange">disabled default</Badge> : null}{" "}
                    {rule.isPublic ? <Badge size="xs" color="grape" variant="filled">public</Badge> : null}
                  </span>
                }
                description={rule.description ?? undefined}
              />
            );
          })}
        </Stack>
      ))}
      {props.mayManage && props.role.id !== "admin" ? (
        <Group>
          <Button disabled={!changed} loading={save.isPending} onClick={() => save.mutate({ roleId: props.role.id, rules: [...selected] })}>
            Save rules
          </Button>
          {!props.role.isSystem ? <ConfirmButton label="Delete role" question={`Delete role "${props.role.name}"? Users holding it lose its rules.`} onConfirm={() => remove.mutateAsync({ roleId: props.role.id })} /> : null}
        </Group>
      ) : null}
    </Stack>
  );
}

function NewRoleForm() {
  const [id, setId] = useState("");
  const [name, setName] = useState("");
  const form = useFormSubmit();
  const create = useApiMutation(authApi.utils.roles.create, { success: (role) => `Role "${role.name}" created`, notifyErrors: false });
  return (
    <form
      onSubmit={async (event) => {
        event.preventDefault();
        if (await form.run(() => create.mutateAsync({ roleId: id, name }))) {
          setId("");
          setName("");
        }
      }}
    >
      <Group align="flex-end" wrap="wrap">
        <TextInput label="Role id" description="lowercase, e.g. operators" required value={id} error={form.errors["id"]} onChange={(event) => setId(event.currentTarget.value)} />
        <TextInput label="Name" required value={name} error={form.errors["name"]} onChange={(event) => setName(event.currentTarget.value)} />
        <Button type="submit" loading={form.pending}>
          Create role
        </Button>
      </Group>
      {form.failure && Object.keys(form.errors).length === 0 ? <Alert color="red" mt="xs">{form.failure}</Alert> : null}
    </form>
  );
}

/** Roles and the access rules each grants, including defaults an admin turned off. */
export function RolesPage() {
  const roles = useApiQuery(authApi.utils.roles.list, undefined);
  const ruleList = useApiQuery(authApi.utils.rules.list, undefined);
  const mayManage = useHasRule(rules.roleManage);
  return (
    <Stack>
      <PageHeader title="Roles" description="A role is a set of access rules; users and API keys hold roles." />
      {mayManage ? <NewRoleForm /> : null}
      <QueryState query={roles}>
        {(roleData) => (
          <QueryState query={ruleList}>
            {(ruleData) => (
              <Sections
                items={roleData.map((role) => ({
                  key: role.id,
                  title: (
                    <Group gap="xs" display="inline-flex" ml={4}>
                      <Text fw={600}>{role.name}</Text>
                      <Text size="sm" c="dimmed">
                        {role.id === "admin" ? "every rule" : `${role.rules.length} ${role.rules.length === 1 ? "rule" : "rules"}`}
                      </Text>
                      {role.isSystem ? <Badge size="xs" variant="outline">built in</Badge> : null}
                    </Group>
                  ),
                  content: <RoleRules role={role} rules={ruleData} mayManage={mayManage} />,
                }))}
              />
            )}
          </QueryState>
        )}
      </QueryState>
    </Stack>
  );
}
