import { Anchor, Badge, Button, Group, NativeSelect, Stack, Text, Title } from "@mantine/core";
import { DataTable, PageHeader, QueryState, useApiMutation, useApiQuery, useHasRule } from "@checkstack/frontend-api";
import { Link, useSearchParams } from "react-router";
import { notificationApi, paths, rules } from "./api";
import { formatTime } from "./format";
import { labelFor, useChannelOptions } from "./options";
import { FULL_WIDTH } from "./badge-style";

const MESSAGE_STATES = ["open", "sending", "retrying", "delivered", "failed", "dropped"] as const;
type MessageState = (typeof MESSAGE_STATES)[number];
const STATE_COLOURS: Record<MessageState, string> = { open: "blue", sending: "blue", retrying: "orange", delivered: "green", failed: "red", dropped: "gray" };

function isMessageState(value: string | null): value is MessageState {
  return value !== null && (MESSAGE_STATES as readonly string[]).includes(value);
}

/** A provider's or the sender's error under a row, wrapped so a long one does not widen the table. */
function ErrorText(props: { error: string | null }) {
  return props.error ? (
    <Text size="xs" c="red.8" style={{ wordBreak: "break-word" }}>
      {props.error}
    </Text>
  ) : null;
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
        {({ messages: list }) => (
          <DataTable
            rows={list}
            rowKey={(message) => message.id}
            rowData={(message) => ({ "data-message-state": message.state })}
            scrollLabel="Messages"
            minWidth={340}
            empty={{
              title: "No messages",
              hint: channelId || state ? "No message matches these filters; choose another channel or state." : "Nothing was sent yet. Messages appear when an alert rule fires or a channel is tested from the Channels page.",
            }}
            columns={[
              {
                header: "Message",
                cell: (message) => (
                  <>
                    <Text size="sm">{message.title ?? "(untitled)"}</Text>
                    <Text size="xs" c="dimmed">
                      {formatTime(message.createdAt)}
                    </Text>
                    <ErrorText error={message.lastError} />
                  </>
                ),
              },
              { header: "Channel", cell: (message) => labelFor(channels.data, message.channelId) },
              {
                header: "State",
                cell: (message) => (
                  <>
                    <Badge style={FULL_WIDTH} color={STATE_COLOURS[message.state]}>{message.state}</Badge>
                    <Text size="xs" c="dimmed">
                      {message.attempts} attempt(s)
                    </Text>
                  </>
                ),
              },
              {
                header: "Actions",
                cell: (message) =>
                  mayRetry && message.state === "failed" ? (
                    <Button size="xs" variant="light" loading={retry.isPending && retry.variables?.messageId === message.id} aria-label={`Retry message ${message.title ?? message.id}`} onClick={() => retry.mutate({ messageId: message.id })}>
                      Retry
                    </Button>
                  ) : null,
              },
            ]}
          />
        )}
      </QueryState>

      <Title order={2} size="h3">
        Attempts{alertId ? " for one alert" : ""}
      </Title>
      <QueryState query={attempts}>
        {({ deliveries: list }) => (
          <DataTable
            rows={list}
            rowKey={(attempt) => attempt.id}
            scrollLabel="Delivery attempts"
            minWidth={340}
            empty={{ title: "No delivery attempts", hint: "Attempts are recorded each time a message is handed to its channel's provider." }}
            columns={[
              {
                header: "When, channel",
                cell: (attempt) => (
                  <>
                    <Text size="sm">{formatTime(attempt.at)}</Text>
                    <Text size="xs" c="dimmed">
                      {labelFor(channels.data, attempt.channelId)}, {attempt.kind}
                    </Text>
                  </>
                ),
              },
              {
                header: "Result",
                cell: (attempt) => (
                  <>
                    <Badge style={FULL_WIDTH} color={attempt.status === "delivered" ? "green" : attempt.status === "failed" ? "red" : "orange"}>{attempt.status}</Badge>
                    <Text size="xs" c="dimmed">
                      attempt {attempt.attempt}, {attempt.durationMs} ms
                    </Text>
                  </>
                ),
              },
              {
                header: "Provider",
                cell: (attempt) => (
                  <>
                    <Text size="sm">{attempt.providerStatus ?? "—"}</Text>
                    <ErrorText error={attempt.error} />
                  </>
                ),
              },
              {
                header: "Alerts",
                cell: (attempt) =>
                  attempt.alertIds.map((id) => (
                    <Anchor key={id} component={Link} to={paths.alert(id)} size="sm" mr="xs">
                      {id.slice(0, 8)}
                    </Anchor>
                  )),
              },
            ]}
          />
        )}
      </QueryState>
    </Stack>
  );
}
