import { Badge, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Title } from "@mantine/core";
import { ConfirmButton, DataTable, describeFailure, PageHeader, QueryState, useApiMutation, useApiQuery, useHasRule } from "@checkstack/frontend-api";
import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { notificationApi, rules } from "./api";
import { formatTime } from "./format";
import { labelFor, useGroupOptions, useSystemOptions, type Option } from "./options";
import { FULL_WIDTH } from "./badge-style";

type Target = "system" | "group" | "rule";

/** A datetime-local value one hour from now, in the browser's time zone. */
function inOneHour(): string {
  const at = new Date(Date.now() + 3_600_000);
  at.setMinutes(at.getMinutes() - at.getTimezoneOffset());
  return at.toISOString().slice(0, 16);
}

function useRuleOptions() {
  const allowed = useHasRule(rules.ruleRead);
  return useQuery({
    queryKey: [...notificationApi.utils.listRules.key(), "options"],
    enabled: allowed,
    queryFn: async (): Promise<Option[]> => (await notificationApi.client.listRules()).rules.map((rule) => ({ value: rule.id, label: rule.name })),
  });
}

function SilenceForm(props: { options: Record<Target, Option[]> }) {
  const [targetType, setTargetType] = useState<Target>("system");
  const [targetId, setTargetId] = useState("");
  const [until, setUntil] = useState(inOneHour);
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const create = useApiMutation(notificationApi.utils.createSilence, { success: "Silence created", notifyErrors: false });
  const targets = props.options[targetType];
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    if (targetId === "") {
      setErrors({ targetId: `choose the ${targetType} to silence` });
      return;
    }
    try {
      await create.mutateAsync({ targetType, targetId, until: new Date(until), reason });
      setReason("");
    } catch (error) {
      const described = describeFailure(error);
      setErrors({ "": described.message, ...described.fieldErrors });
    }
  };
  return (
    <Card withBorder>
      <form onSubmit={submit} aria-label="New silence">
        <Stack gap="sm">
          <Title order={2} size="h4">
            New silence
          </Title>
          {errors[""] ? (
            <Text c="red" size="sm" role="alert">
              {errors[""]}
            </Text>
          ) : null}
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <NativeSelect
              label="Silence a"
              value={targetType}
              data={[
                { value: "system", label: "System" },
                { value: "group", label: "Group" },
                { value: "rule", label: "Alert rule" },
              ]}
              onChange={(event) => {
                setTargetType(event.currentTarget.value as Target);
                setTargetId("");
              }}
            />
            <NativeSelect
              label="Which one"
              required
              value={targetId}
              error={errors["targetId"]}
              data={[{ value: "", label: targets.length === 0 ? "(none available)" : "Choose..." }, ...targets]}
              onChange={(event) => setTargetId(event.currentTarget.value)}
            />
          </SimpleGrid>
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label="Until" type="datetime-local" required value={until} error={errors["until"]} onChange={(event) => setUntil(event.currentTarget.value)} />
            <TextInput label="Reason" required placeholder="Planned database upgrade" value={reason} error={errors["reason"]} onChange={(event) => setReason(event.currentTarget.value)} />
          </SimpleGrid>
          <Group>
            <Button type="submit" loading={create.isPending}>
              Create silence
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** Silences: alerts of a system, group or rule are not sent until a time, with the reason recorded. */
export function SilencesPage() {
  const silences = useApiQuery(notificationApi.utils.listSilences, undefined);
  const mayManage = useHasRule(rules.alertManage);
  const systems = useSystemOptions();
  const groups = useGroupOptions();
  const ruleOptions = useRuleOptions();
  const end = useApiMutation(notificationApi.utils.endSilence, { success: "Silence ended" });
  const options: Record<Target, Option[]> = { system: systems.data ?? [], group: groups.data ?? [], rule: ruleOptions.data ?? [] };
  return (
    <Stack>
      <PageHeader title="Silences" description="While a silence lasts, alerts of its system, group or rule are recorded but not sent." />
      {mayManage ? <SilenceForm options={options} /> : null}
      <QueryState query={silences}>
        {({ silences: list }) => {
          const nameOf = (silence: (typeof list)[number]) => `${silence.targetType} ${labelFor(options[silence.targetType], silence.targetId)}`;
          const isActive = (silence: (typeof list)[number]) => new Date(silence.until).getTime() > Date.now();
          return (
            <DataTable
              rows={list}
              rowKey={(silence) => silence.id}
              scrollLabel="Silences"
              minWidth={340}
              empty={{
                title: "No silences",
                hint: mayManage ? "Silence a system, group or rule above before planned work, with a reason and an end time." : "Nothing is silenced.",
              }}
              columns={[
                { header: "Target", cell: nameOf },
                { header: "Reason", cell: (silence) => silence.reason },
                {
                  header: "Until",
                  cell: (silence) => (
                    <>
                      <Text size="sm">{formatTime(silence.until)}</Text> {isActive(silence) ? <Badge style={FULL_WIDTH} color="blue">active</Badge> : <Badge style={FULL_WIDTH} color="gray">ended</Badge>}
                    </>
                  ),
                },
                {
                  header: "Actions",
                  cell: (silence) =>
                    mayManage && isActive(silence) ? (
                      <ConfirmButton
                        size="xs"
                        label="End"
                        aria-label={`End silence of ${nameOf(silence)}`}
                        question={`End the silence of ${nameOf(silence)} now? Its alerts are sent again.`}
                        confirmLabel="End silence"
                        onConfirm={() => end.mutateAsync({ silenceId: silence.id })}
                      />
                    ) : null,
                },
              ]}
            />
          );
        }}
      </QueryState>
    </Stack>
  );
}
