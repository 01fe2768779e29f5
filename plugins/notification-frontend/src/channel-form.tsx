import { Button, Card, Checkbox, NativeSelect, Stack, Text, TextInput, Title } from "@mantine/core";
import { compactValue, describeFailure, fieldErrorsUnder, initialValueOf, SchemaForm, useApiMutation, type JsonSchema } from "@checkstack/frontend-api";
import { useState, type FormEvent } from "react";
import { FormFailure } from "./form-failure";
import { notificationApi } from "./api";
import { useTeamOptions } from "./options";

export interface ChannelKind {
  id: string;
  displayName: string;
  description: string | null;
  configJsonSchema: unknown;
}

export interface ChannelDraft {
  channelId?: string;
  name: string;
  kind: string;
  config: unknown;
  enabled: boolean;
  ownerTeamId: string;
}

function schemaOf(kind: ChannelKind | undefined): JsonSchema | undefined {
  const schema = kind?.configJsonSchema;
  return typeof schema === "object" && schema !== null ? (schema as JsonSchema) : undefined;
}

/** A new channel of the first kind (webhook when installed), its config at the schema's defaults. */
export function newChannelDraft(kinds: ChannelKind[]): ChannelDraft {
  const first = kinds.find((kind) => kind.id === "webhook") ?? kinds[0];
  const schema = schemaOf(first);
  return { name: "", kind: first?.id ?? "", config: schema ? initialValueOf(schema) : {}, enabled: true, ownerTeamId: "" };
}

/**
 * Name, kind and the kind's settings, generated from its JSON Schema: secrets
 * are write-only (a stored one reads "********" and is kept unless retyped),
 * and the server's messages appear under the fields they name.
 */
export function ChannelForm(props: { kinds: ChannelKind[]; initial: ChannelDraft; onSaved: () => void }) {
  const [draft, setDraft] = useState<ChannelDraft>(props.initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const teams = useTeamOptions();
  const editing = props.initial.channelId !== undefined;
  const kind = props.kinds.find((entry) => entry.id === draft.kind);
  const schema = schemaOf(kind);
  const create = useApiMutation(notificationApi.utils.createChannel, { success: (channel) => `Channel "${channel.name}" created`, notifyErrors: false });
  const update = useApiMutation(notificationApi.utils.updateChannel, { success: (channel) => `Channel "${channel.name}" saved`, notifyErrors: false });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFailure(undefined);
    const config = schema ? compactValue(schema, draft.config) : draft.config;
    try {
      if (draft.channelId) await update.mutateAsync({ channelId: draft.channelId, name: draft.name, config, enabled: draft.enabled });
      else await create.mutateAsync({ name: draft.name, kind: draft.kind, config, enabled: draft.enabled, teamOnly: false, ...(draft.ownerTeamId ? { ownerTeamId: draft.ownerTeamId } : {}) });
      props.onSaved();
    } catch (error) {
      const described = describeFailure(error);
      setErrors(described.fieldErrors);
      setFailure(described.message);
    }
  };

  return (
    <form onSubmit={submit} aria-label={editing ? "Edit channel" : "New channel"}>
      <Stack>
        <FormFailure failure={failure} />
        <TextInput label="Name" required value={draft.name} error={errors["name"]} onChange={(event) => setDraft({ ...draft, name: event.currentTarget.value })} />
        <NativeSelect
          label="Kind"
          description={kind?.description ?? undefined}
          required
          disabled={editing}
          value={draft.kind}
          error={errors["kind"]}
          data={props.kinds.map((entry) => ({ value: entry.id, label: entry.displayName }))}
          onChange={(event) => {
            const next = props.kinds.find((entry) => entry.id === event.currentTarget.value);
            const nextSchema = schemaOf(next);
            setDraft({ ...draft, kind: event.currentTarget.value, config: nextSchema ? initialValueOf(nextSchema) : {} });
          }}
        />
        {editing ? null : (
          <NativeSelect
            label="Owner team"
            description="Members of the owner team may manage the channel."
            value={draft.ownerTeamId}
            error={errors["ownerTeamId"]}
            data={[{ value: "", label: "No owner team" }, ...(teams.data ?? [])]}
            onChange={(event) => setDraft({ ...draft, ownerTeamId: event.currentTarget.value })}
          />
        )}
        <Checkbox label="Enabled" checked={draft.enabled} onChange={(event) => setDraft({ ...draft, enabled: event.currentTarget.checked })} />
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {kind?.displayName ?? "Channel"} settings
          </Title>
          {schema ? (
            <SchemaForm schema={schema} value={draft.config} onChange={(config) => setDraft({ ...draft, config })} errors={fieldErrorsUnder(errors, "config")} />
          ) : (
            <Text c="dimmed">This kind has no settings.</Text>
          )}
        </Card>
        <Button type="submit" loading={create.isPending || update.isPending}>
          {editing ? "Save channel" : "Create channel"}
        </Button>
      </Stack>
    </form>
  );
}
