import { Badge, Button, Card, Group, Stack, Text, TextInput } from "@mantine/core";
import { BadgeList, ConfirmButton, DataTable, PageHeader, QueryState, useApiMutation, useApiQuery, useHasRule } from "@checkstack/frontend-api";
import { useState } from "react";
import { pluginsApi } from "../apis";

function InstallForm() {
  const [spec, setSpec] = useState("");
  const install = useApiMutation(pluginsApi.utils.install, { success: (result) => `Installed ${result.pluginId} ${result.version}`, onSuccess: () => setSpec("") });
  return (
    <Card withBorder>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          install.mutate({ spec });
        }}
      >
        <Group align="flex-end" wrap="wrap">
          <TextInput
            style={{ flex: 1, minWidth: 220 }}
            label="Install a plugin"
            description="An npm package (name@version), or an absolute path to a .tgz or a folder on the server"
            value={spec}
            onChange={(event) => setSpec(event.currentTarget.value)}
            required
          />
          <Button type="submit" loading={install.isPending}>
            Install
          </Button>
        </Group>
      </form>
    </Card>
  );
}

/** The platform's plugins: what is installed, where it is loaded, and install/disable/remove. */
export function PluginsPage() {
  const list = useApiQuery(pluginsApi.utils.list, undefined, { refetchInterval: 5_000 });
  const mayManage = useHasRule("plugins.plugin.manage");
  const disable = useApiMutation(pluginsApi.utils.disable, { success: (result) => `Disabled ${result.pluginId}` });
  const enable = useApiMutation(pluginsApi.utils.enable, { success: (result) => `Enabled ${result.pluginId}` });
  const remove = useApiMutation(pluginsApi.utils.deregister, { success: (result) => `Removed ${result.pluginId}` });
  return (
    <Stack>
      <PageHeader title="Plugins" description="Every plugin of the cluster and its state on each instance. Changes reach every instance without a restart." />
      {mayManage ? <InstallForm /> : null}
      <QueryState query={list}>
        {(data) => (
          <DataTable
            rows={data.plugins}
            rowKey={(plugin) => plugin.id}
            highlightOnHover
            empty={{ title: "No plugins", hint: "Install one above." }}
            columns={[
              {
                header: "Plugin",
                cell: (plugin) => (
                  <>
                    <Text fw={600}>{plugin.id}</Text>
                    <Text size="xs" c="dimmed">
                      {plugin.bundled ? "bundled" : plugin.source}
                    </Text>
                    {plugin.pendingOperation ? <Badge color="yellow">{plugin.pendingOperation.action} in progress</Badge> : null}
                    {!plugin.enabled ? <Badge color="gray">disabled</Badge> : null}
                  </>
                ),
              },
              { header: "Version", cell: (plugin) => plugin.version },
              {
                header: "Instances",
                cell: (plugin) => (
                  <BadgeList
                    items={plugin.instances.map((instance) => ({
                      key: instance.instanceId,
                      label: `${instance.instanceId}: ${instance.state}`,
                      color: instance.state === "ready" ? "green" : instance.state === "failed" ? "red" : "yellow",
                      ...(instance.error ? { title: instance.error } : {}),
                    }))}
                  />
                ),
              },
              {
                header: "Actions",
                cell: (plugin) =>
                  mayManage && !plugin.bundled ? (
                    <Group gap="xs" wrap="nowrap">
                      {plugin.enabled ? (
                        <Button size="xs" variant="default" loading={disable.isPending} onClick={() => disable.mutate({ pluginId: plugin.id })}>
                          Disable
                        </Button>
                      ) : (
                        <Button size="xs" variant="default" loading={enable.isPending} onClick={() => enable.mutate({ pluginId: plugin.id })}>
                          Enable
                        </Button>
                      )}
                      <ConfirmButton
                        size="xs"
                        label="Remove"
                        aria-label={`Remove plugin ${plugin.id}`}
                        question={`Remove plugin ${plugin.id} from every instance? Its data stays unless removed separately.`}
                        onConfirm={() => remove.mutateAsync({ pluginId: plugin.id, deleteSchema: false })}
                      />
                    </Group>
                  ) : (
                    <Text size="sm" c="dimmed">
                      {plugin.bundled ? "part of the platform" : "—"}
                    </Text>
                  ),
              },
            ]}
          />
        )}
      </QueryState>
    </Stack>
  );
}
