import { Anchor, Badge, Button, Group, NativeSelect, Stack, Table, Text, Title } from "@mantine/core";
import { EmptyState, PageHeader, QueryState, useApiMutation, useApiQuery, useHasRule } from "@checkstack/frontend-api";
import { Link, useSearchParams } from "react-router";
import { notificationApi, paths, rules } from "./api";
import { formatTime } from "./format";
import { labelFor, useChannelOptions } from "./options";
import { FULL_WIDTH } from "./badge-style";
import { ScrollTable } from "./scroll-table";

const MESSAGE_STATES = ["open", "sending", "retrying", "delivered", "failed", "dropped"] as const;
type MessageState = (typeof MESSAGE_STATES)[number];
const STATE_COLOURS: Record<MessageState, string> = { open: "blue", sending: "blue", retrying: "orange", delivered: "green", failed: "red", dropped: "gray" };

function isMessageState(value: string | null): value is MessageState {
  return value !== null && (MESSAGE_STATES as readonly string[]).includes(value);
}

/** The delivery log: every message and each attempt to deliver it, filterable, with a retry for failed ones. */
export function DeliveriesPage() {
  const [params, setParams] = useSearchParams();
  const channelId = params.get("channelId") ?? "";
  const stateParam = params.get("state");
  const state = isMessageState(stateParam) ? stateParam : undefined;
  const alertId = params.get("alertId") ?? "";
  const channels = useChannelOptions();
  const mayRetry = useHasRule(rules.channelManage);
  const messages = useApiQuery(notificationApi.utils.listMessages, { limit: 200, ...(channelId ? { channelId } : {}), ...(state ? { state } : {}) }, { refetchInterval: 5000 });
  const attempts = useApiQuery(notificationApi.utils.listDeliveries, { limit: 200, ...(channelId ? { channelId } : {}), ...(alertId ? { alertId } : {}) }, { refetchInterval: 5000 });
  const retry = useApiMutation(notificationApi.utils.retryDelivery, { success: (result) => (result.changed ? "Message queued to be sent again" : "The message was not in a state to retry") });
  const setFilter = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value === "") next.delete(name);
    else next.set(name, value);
    setParams(next, { replace: true });
  };
  return (
    <Stack>
      <PageHeader title="Delivery log" description="Each message sent to a channel and every attempt to deliver it. Failed messages can be sent again." />
      <Group align="flex-end" wrap="wrap">
        <NativeSelect
          label="Channel"
          value={channelId}
          data={[{ value: "", label: "All channels" }, ...(channels.data ?? [])]}
          onChange={(event) => setFilter("channelId", event.currentTarget.value)}
        />
        <NativeSelect
          label="Message state"
          value={state ?? ""}
          data={[{ value: "", label: "Any state" }, ...MESSAGE_STATES.map((entry) => ({ value: entry, label: entry }))]}
          onChange={(event) => setFilter("state", event.currentTarget.value)}
        />
        {alertId ? (
          <Button variant="default" onClick={() => setFilter("alertId", "")}>
            Show attempts of every alert
          </Button>
        ) : null}
      </Group>

      <Title order={2} size="h3">
        Messages
      </Title>
      <QueryState query={messages}>
        {({ messages: list }) =>
          list.length === 0 ? (
            <EmptyState
              title="No messages"
              hint={channelId || state ? "No message matches these filters; choose another channel or state." : "Nothing was sent yet. Messages appear when an alert rule fires or a channel is tested from the Channels page."}
            />
          ) : (
            <ScrollTable label="Messages">
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>Message</Table.Th>
                    <Table.Th>Channel</Table.Th>
                    <Table.Th>State</Table.Th>
                    <Table.Th>Actions</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((message) => (
                    <Table.Tr key={message.id} data-message-state={message.state}>
                      <Table.Td>
                        <Text size="sm">{message.title ?? "(untitled)"}</Text>
                        <Text size="xs" c="dimmed">
                          {formatTime(message.createdAt)}
                        </Text>
                        {message.lastError ? (
                          <Text size="xs" c="red.8" style={{ wordBreak: "break-word" }}>
                            {message.lastError}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>{labelFor(channels.data, message.channelId)}</Table.Td>
                      <Table.Td>
                        <Badge style={FULL_WIDTH} color={STATE_COLOURS[message.state]}>{message.state}</Badge>
                        <Text size="xs" c="dimmed">
                          {message.attempts} attempt(s)
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        {mayRetry && message.state === "failed" ? (
                          <Button size="xs" variant="light" loading={retry.isPending && retry.variables?.messageId === message.id} aria-label={`Retry message ${message.title ?? message.id}`} onClick={() => retry.mutate({ messageId: message.id })}>
                            Retry
                          </Button>
                        ) : null}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )
        }
      </QueryState>

      <Title order={2} size="h3">
        Attempts{alertId ? " for one alert" : ""}
      </Title>
      <QueryState query={attempts}>
        {({ deliveries: list }) =>
          list.length === 0 ? (
            <EmptyState title="No delivery attempts" hint="Attempts are recorded each time a message is handed to its channel's provider." />
          ) : (
            <ScrollTable label="Delivery attempts">
              <Table striped>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>When, channel</Table.Th>
                    <Table.Th>Result</Table.Th>
                    <Table.Th>Provider</Table.Th>
                    <Table.Th>Alerts</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((attempt) => (
                    <Table.Tr key={attempt.id}>
                      <Table.Td>
                        <Text size="sm">{formatTime(attempt.at)}</Text>
                        <Text size="xs" c="dimmed">
                          {labelFor(channels.data, attempt.channelId)}, {attempt.kind}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge style={FULL_WIDTH} color={attempt.status === "delivered" ? "green" : attempt.status === "failed" ? "red" : "orange"}>{attempt.status}</Badge>
                        <Text size="xs" c="dimmed">
                          attempt {attempt.attempt}, {attempt.durationMs} ms
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{attempt.providerStatus ?? "—"}</Text>
                        {attempt.error ? (
                          <Text size="xs" c="red.8" style={{ wordBreak: "break-word" }}>
                            {attempt.error}
                          </Text>
                        ) : null}
                      </Table.Td>
                      <Table.Td>
                        {attempt.alertIds.map((id) => (
                          <Anchor key={id} component={Link} to={paths.alert(id)} size="sm" mr="xs">
                            {id.slice(0, 8)}
                          </Anchor>
                        ))}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </ScrollTable>
          )
        }
      </QueryState>
    </Stack>
  );
}
