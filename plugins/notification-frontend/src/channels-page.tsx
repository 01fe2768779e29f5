import { Alert, Badge, Button, Code, Group, Modal, Stack, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { ConfirmButton, DataTable, PageHeader, QueryState, useApiMutation, useApiQuery, useHasRule } from "@checkstack/frontend-api";
import { useState } from "react";
import { notificationApi, rules } from "./api";
import { ChannelForm, newChannelDraft, type ChannelDraft, type ChannelKind } from "./channel-form";
import { FULL_WIDTH } from "./badge-style";

interface TestResult {
  channelName: string;
  ok: boolean;
  providerStatus: number | null;
  providerResponse: string | null;
  error: string | null;
  durationMs: number;
}

/** What the provider answered to a test message, kept on screen until the next test. */
function TestResultPanel(props: { result: TestResult; onClose: () => void }) {
  const { result } = props;
  const status = result.providerStatus === null ? "no HTTP status" : `HTTP ${result.providerStatus}`;
  return (
    <Alert
      color={result.ok ? "green" : "red"}
      title={result.ok ? `Test message to "${result.channelName}" delivered` : `Test message to "${result.channelName}" failed`}
      withCloseButton
      closeButtonLabel="Close test result"
      onClose={props.onClose}
      role="status"
      data-testid="send-test-result"
    >
      <Stack gap={4}>
        <Text size="sm">
          The provider answered {status} in {result.durationMs} ms.
        </Text>
        {result.error ? <Text size="sm">Error: {result.error}</Text> : null}
        {result.providerResponse ? (
          <Code block style={{ whiteSpace: "pre-wrap", wordBreak: "break-word" }}>
            {result.providerResponse}
          </Code>
        ) : null}
      </Stack>
    </Alert>
  );
}

/** Notification channels: where alerts are delivered (webhook, e-mail, chat, paging), with a test button per channel. */
export function ChannelsPage() {
  const kinds = useApiQuery(notificationApi.utils.listChannelKinds, undefined);
  const channels = useApiQuery(notificationApi.utils.listChannels, undefined);
  const mayManage = useHasRule(rules.channelManage);
  const phone = useMediaQuery("(max-width: 36em)");
  const [editing, setEditing] = useState<ChannelDraft | undefined>();
  const [testing, setTesting] = useState<string | undefined>();
  const [result, setResult] = useState<TestResult | undefined>();
  const remove = useApiMutation(notificationApi.utils.deleteChannel, { success: "Channel deleted" });
  const sendTest = useApiMutation(notificationApi.utils.sendTest);
  const kindList: ChannelKind[] = kinds.data?.kinds ?? [];
  const kindName = (id: string) => kindList.find((kind) => kind.id === id)?.displayName ?? id;

  const test = async (channel: { id: string; name: string }) => {
    setTesting(channel.id);
    setResult(undefined);
    try {
      const answer = await sendTest.mutateAsync({ channelId: channel.id });
      setResult({ channelName: channel.name, ...answer });
    } catch {
      // useApiMutation showed the server's message.
    } finally {
      setTesting(undefined);
    }
  };

  return (
    <Stack>
      <PageHeader
        title="Channels"
        description="Where alerts are delivered: webhooks, e-mail, chat and paging services."
        actions={
          mayManage ? (
            <Button disabled={kindList.length === 0} onClick={() => setEditing(newChannelDraft(kindList))}>
              New channel
            </Button>
          ) : null
        }
      />
      {result ? <TestResultPanel result={result} onClose={() => setResult(undefined)} /> : null}
      <QueryState query={channels}>
        {({ channels: list }) => (
          <DataTable
            rows={list}
            rowKey={(channel) => channel.id}
            rowData={(channel) => ({ "data-channel-name": channel.name })}
            scrollLabel="Channels"
            minWidth={340}
            highlightOnHover
            empty={{
              title: "No channels yet",
              hint: mayManage
                ? "Create a channel (for example a webhook or an e-mail address), send it a test message, then use it in an alert rule."
                : "No channel is visible to you. Ask an administrator to create one or to share it with your team.",
            }}
            columns={[
              {
                header: "Name",
                cell: (channel) => (
                  <>
                    {channel.name} {channel.enabled ? null : <Badge style={FULL_WIDTH} color="gray">disabled</Badge>}
                  </>
                ),
              },
              { header: "Kind", cell: (channel) => kindName(channel.kind) },
              {
                header: "Actions",
                cell: (channel) =>
                  mayManage ? (
                    <Group gap="xs" wrap="wrap">
                      <Button size="xs" variant="light" loading={testing === channel.id} aria-label={`Send test to ${channel.name}`} onClick={() => void test(channel)}>
                        Send test
                      </Button>
                      <Button
                        size="xs"
                        variant="default"
                        aria-label={`Edit channel ${channel.name}`}
                        onClick={() => setEditing({ channelId: channel.id, name: channel.name, kind: channel.kind, config: channel.config, enabled: channel.enabled, ownerTeamId: channel.ownerTeamId ?? "" })}
                      >
                        Edit
                      </Button>
                      <ConfirmButton
                        size="xs"
                        label="Delete"
                        aria-label={`Delete channel ${channel.name}`}
                        question={`Delete channel "${channel.name}"? Rules using it stop sending there.`}
                        onConfirm={() => remove.mutateAsync({ channelId: channel.id })}
                      />
                    </Group>
                  ) : (
                    <Text size="sm" c="dimmed">
                      read only
                    </Text>
                  ),
              },
            ]}
          />
        )}
      </QueryState>
      <Modal
        opened={editing !== undefined}
        onClose={() => setEditing(undefined)}
        title={editing?.channelId ? `Edit ${editing.name}` : "New channel"}
        size="lg"
        fullScreen={phone}
        closeButtonProps={{ "aria-label": "Close the channel form" }}
      >
        {editing ? <ChannelForm key={editing.channelId ?? "new"} kinds={kindList} initial={editing} onSaved={() => setEditing(undefined)} /> : null}
      </Modal>
    </Stack>
  );
}
