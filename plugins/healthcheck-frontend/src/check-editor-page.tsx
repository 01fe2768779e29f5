import { Alert, Button, Card, Checkbox, Group, MultiSelect, NativeSelect, NumberInput, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import {
  compactValue,
  describeFailure,
  fieldErrorsUnder,
  initialValueOf,
  PageHeader,
  QueryState,
  SchemaForm,
  useApiMutation,
  useApiQuery,
  type JsonSchema,
} from "@checkstack/frontend-api";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { catalogApi, healthcheckApi } from "./api";

interface Draft {
  name: string;
  strategyId: string;
  config: unknown;
  intervalSeconds: number;
  timeoutMs: number;
  enabled: boolean;
  systemIds: string[];
  assertions: string;
}

type Strategy = { id: string; displayName: string; description: string | null; configSchema: Record<string, unknown> | null };

function useSystemOptions() {
  return useQuery({
    queryKey: [...catalogApi.utils.listSystems.key(), "options"],
    queryFn: async () => {
      const options: Array<{ value: string; label: string }> = [];
      let cursor: string | undefined;
      do {
        const page = await catalogApi.client.listSystems({ limit: 500, ...(cursor ? { cursor } : {}) });
        options.push(...page.items.map((system) => ({ value: system.id, label: system.name })));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return options;
    },
  });
}

function CheckForm(props: { strategies: Strategy[]; initial: Draft; checkId?: string }) {
  const navigate = useNavigate();
  const [draft, setDraft] = useState<Draft>(props.initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const systems = useSystemOptions();
  const strategy = props.strategies.find((entry) => entry.id === draft.strategyId);
  const schema = (strategy?.configSchema ?? undefined) as JsonSchema | undefined;
  const create = useApiMutation(healthcheckApi.utils.createCheck, { success: (check) => `Check "${check.name}" created`, notifyErrors: false });
  const update = useApiMutation(healthcheckApi.utils.updateCheck, { success: (check) => `Check "${check.name}" saved`, notifyErrors: false });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFailure(undefined);
    let assertions: unknown;
    try {
      assertions = draft.assertions.trim() === "" ? [] : JSON.parse(draft.assertions);
    } catch {
      setErrors({ assertions: "assertions must be a JSON list, e.g. [{\"type\": \"latency\", \"maxMs\": 500}]" });
      return;
    }
    const config = schema ? compactValue(schema, draft.config) : draft.config;
    const fields = { name: draft.name, config, intervalSeconds: draft.intervalSeconds, timeoutMs: draft.timeoutMs, enabled: draft.enabled, systemIds: draft.systemIds, assertions: assertions as never };
    try {
      const saved = props.checkId ? await update.mutateAsync({ checkId: props.checkId, ...fields }) : await create.mutateAsync({ ...fields, strategyId: draft.strategyId });
      navigate(saved.systemIds[0] ? `/systems/${saved.systemIds[0]}` : "/checks");
    } catch (error) {
      const described = describeFailure(error);
      setErrors(described.fieldErrors);
      setFailure(described.message);
    }
  };

  return (
    <form onSubmit={submit} aria-label={props.checkId ? "Edit check" : "New check"}>
      <Stack>
        {failure ? (
          <Alert color="red" title="Not saved" role="alert">
            {failure}
          </Alert>
        ) : null}
        <TextInput label="Name" required value={draft.name} error={errors["name"]} onChange={(event) => setDraft({ ...draft, name: event.currentTarget.value })} />
        <NativeSelect
          label="Strategy"
          description={strategy?.description ?? undefined}
          required
          disabled={props.checkId !== undefined}
          value={draft.strategyId}
          error={errors["strategyId"]}
          data={props.strategies.map((entry) => ({ value: entry.id, label: entry.displayName }))}
          onChange={(event) => {
            const next = props.strategies.find((entry) => entry.id === event.currentTarget.value);
            setDraft({ ...draft, strategyId: event.currentTarget.value, config: next?.configSchema ? initialValueOf(next.configSchema as JsonSchema) : {} });
          }}
        />
        <MultiSelect
          label="Systems"
          description="The systems whose status this check decides."
          data={systems.data ?? []}
          searchable
          value={draft.systemIds}
          error={errors["systemIds"]}
          onChange={(systemIds) => setDraft({ ...draft, systemIds })}
        />
        <Group grow wrap="wrap">
          <NumberInput label="Interval (seconds)" required min={1} max={86400} value={draft.intervalSeconds} error={errors["intervalSeconds"]} onChange={(value) => setDraft({ ...draft, intervalSeconds: Number(value) })} />
          <NumberInput label="Timeout (ms)" required min={100} max={120000} value={draft.timeoutMs} error={errors["timeoutMs"] ?? errors[""]} onChange={(value) => setDraft({ ...draft, timeoutMs: Number(value) })} />
        </Group>
        <Checkbox label="Enabled" checked={draft.enabled} onChange={(event) => setDraft({ ...draft, enabled: event.currentTarget.checked })} />
        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            {strategy?.displayName ?? "Strategy"} settings
          </Title>
          {schema ? (
            <SchemaForm schema={schema} value={draft.config} onChange={(config) => setDraft({ ...draft, config })} errors={fieldErrorsUnder(errors, "config")} />
          ) : (
            <Text c="dimmed">This strategy has no settings.</Text>
          )}
        </Card>
        <Textarea
          label="Assertions"
          description='Optional extra conditions, as JSON: [{"type": "latency", "maxMs": 500}, {"type": "bodyContains", "text": "ok"}]'
          autosize
          minRows={2}
          value={draft.assertions}
          error={errors["assertions"]}
          onChange={(event) => setDraft({ ...draft, assertions: event.currentTarget.value })}
        />
        <Group>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {props.checkId ? "Save check" : "Create check"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Create (/checks/new?systemId=…) or edit (/checks/:checkId) a check, its settings form generated from the strategy's schema. */
export function CheckEditorPage() {
  const checkId = useParams()["checkId"];
  const [params] = useSearchParams();
  const strategies = useApiQuery(healthcheckApi.utils.listStrategies, undefined);
  const check = useApiQuery(healthcheckApi.utils.getCheck, { checkId: checkId ?? "" }, { enabled: checkId !== undefined });
  const systemId = params.get("systemId");
  return (
    <Stack maw={760}>
      <PageHeader title={checkId ? "Edit check" : "New check"} description="Settings are checked by the server; its messages appear under the fields." />
      <QueryState query={strategies}>
        {(list) => {
          if (list.length === 0) return <Alert color="orange">No health check strategy is installed.</Alert>;
          if (checkId) {
            return (
              <QueryState query={check}>
                {(loaded) => (
                  <CheckForm
                    checkId={loaded.id}
                    strategies={list}
                    initial={{
                      name: loaded.name,
                      strategyId: loaded.strategyId,
                      config: loaded.config,
                      intervalSeconds: loaded.intervalSeconds,
                      timeoutMs: loaded.timeoutMs,
                      enabled: loaded.enabled,
                      systemIds: loaded.systemIds,
                      assertions: loaded.assertions.length > 0 ? JSON.stringify(loaded.assertions) : "",
                    }}
                  />
                )}
              </QueryState>
            );
          }
          const first = list.find((entry) => entry.id === "http") ?? list[0]!;
          return (
            <CheckForm
              strategies={list}
              initial={{
                name: "",
                strategyId: first.id,
                config: first.configSchema ? initialValueOf(first.configSchema as JsonSchema) : {},
                intervalSeconds: 60,
                timeoutMs: 10000,
                enabled: true,
                systemIds: systemId ? [systemId] : [],
                assertions: "",
              }}
            />
          );
        }}
      </QueryState>
    </Stack>
  );
}
