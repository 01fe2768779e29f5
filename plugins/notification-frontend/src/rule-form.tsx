import { Button, Card, Checkbox, Group, MultiSelect, NativeSelect, NumberInput, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { describeFailure, useApiMutation } from "@checkstack/frontend-api";
import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";
import { FormFailure } from "./form-failure";
import { notificationApi, paths } from "./api";
import { useChannelOptions, useGroupOptions, useSystemOptions, useTeamOptions } from "./options";

export interface RuleDraft {
  name: string;
  enabled: boolean;
  systemIds: string[];
  groupIds: string[];
  teamIds: string[];
  severity: "degraded" | "unhealthy";
  channelIds: string[];
  notifyRecovery: boolean;
  reminders: boolean;
  reminderMinutes: number;
  reminderMaxCount: number;
  escalation: Array<{ afterMinutes: number; channelIds: string[] }>;
  groupingSeconds: number;
  template: string;
}

export const NEW_RULE: RuleDraft = {
  name: "",
  enabled: true,
  systemIds: [],
  groupIds: [],
  teamIds: [],
  severity: "unhealthy",
  channelIds: [],
  notifyRecovery: true,
  reminders: false,
  reminderMinutes: 60,
  reminderMaxCount: 12,
  escalation: [],
  groupingSeconds: 30,
  template: "",
};

const MAX_ESCALATION_STEPS = 5;

/** The rule as the contract takes it: reminders off is null, an empty template is the channel's default. */
function toInput(draft: RuleDraft) {
  return {
    name: draft.name,
    enabled: draft.enabled,
    selection: { systemIds: draft.systemIds, groupIds: draft.groupIds, teamIds: draft.teamIds },
    severity: draft.severity,
    channelIds: draft.channelIds,
    notifyRecovery: draft.notifyRecovery,
    reminderMinutes: draft.reminders ? draft.reminderMinutes : null,
    reminderMaxCount: draft.reminderMaxCount,
    escalation: draft.escalation,
    groupingSeconds: draft.groupingSeconds,
    template: draft.template.trim() === "" ? null : draft.template,
  };
}

/** Which systems, how bad, where to, and what follows (recovery, reminders, escalation); the server's messages under their fields. */
export function RuleForm(props: { initial: RuleDraft; ruleId?: string }) {
  const navigate = useNavigate();
  const [draft, setDraft] = useState<RuleDraft>(props.initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const systems = useSystemOptions();
  const groups = useGroupOptions();
  const teams = useTeamOptions();
  const channels = useChannelOptions();
  const create = useApiMutation(notificationApi.utils.createRule, { success: (rule) => `Rule "${rule.name}" created`, notifyErrors: false });
  const update = useApiMutation(notificationApi.utils.updateRule, { success: (rule) => `Rule "${rule.name}" saved`, notifyErrors: false });
  /** Changing a field clears the server's message about it (the selection's three lists share one). */
  const set = (patch: Partial<RuleDraft>) => {
    setDraft({ ...draft, ...patch });
    const touched = Object.keys(patch).map((field) => (["systemIds", "groupIds", "teamIds"].includes(field) ? "selection" : field === "reminders" ? "reminderMinutes" : field));
    if (Object.keys(errors).some((path) => touched.some((field) => path === field || path.startsWith(`${field}.`)))) {
      setErrors(Object.fromEntries(Object.entries(errors).filter(([path]) => !touched.some((field) => path === field || path.startsWith(`${field}.`)))));
    }
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFailure(undefined);
    try {
      if (props.ruleId) await update.mutateAsync({ ruleId: props.ruleId, ...toInput(draft) });
      else await create.mutateAsync({ ...toInput(draft), teamOnly: false });
      navigate(paths.rules);
    } catch (error) {
      const described = describeFailure(error);
      setErrors(described.fieldErrors);
      setFailure(described.message);
    }
  };
  const selectionError = errors["selection"];
  const channelData = channels.data ?? [];

  return (
    <form onSubmit={submit} aria-label={props.ruleId ? "Edit alert rule" : "New alert rule"}>
      <Stack>
        <FormFailure failure={failure} />
        <TextInput label="Name" required value={draft.name} error={errors["name"]} onChange={(event) => set({ name: event.currentTarget.value })} />
        <Checkbox label="Enabled" checked={draft.enabled} onChange={(event) => set({ enabled: event.currentTarget.checked })} />

        <Card withBorder>
          <Title order={2} size="h4" mb={4}>
            What it covers
          </Title>
          <Text size="sm" c="dimmed" mb="sm">
            Choose systems, groups or teams (every system the team owns); at least one.
          </Text>
          <Stack gap="sm">
            <MultiSelect label="Systems" data={systems.data ?? []} searchable value={draft.systemIds} error={errors["selection.systemIds"] ?? selectionError} onChange={(systemIds) => set({ systemIds })} />
            <MultiSelect label="Groups" data={groups.data ?? []} searchable value={draft.groupIds} error={errors["selection.groupIds"]} onChange={(groupIds) => set({ groupIds })} />
            <MultiSelect label="Teams" data={teams.data ?? []} searchable value={draft.teamIds} error={errors["selection.teamIds"]} onChange={(teamIds) => set({ teamIds })} />
          </Stack>
        </Card>

        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            When and where
          </Title>
          <Stack gap="sm">
            <NativeSelect
              label="Severity"
              description="The lowest status that alerts: degraded also alerts when a system is unhealthy."
              value={draft.severity}
              error={errors["severity"]}
              data={[
                { value: "unhealthy", label: "Unhealthy" },
                { value: "degraded", label: "Degraded or worse" },
              ]}
              onChange={(event) => set({ severity: event.currentTarget.value === "degraded" ? "degraded" : "unhealthy" })}
            />
            <MultiSelect
              label="Channels"
              description={channelData.length === 0 ? "No channel yet: create one under Channels first." : "Where the alert is sent."}
              required
              data={channelData}
              searchable
              value={draft.channelIds}
              error={errors["channelIds"]}
              onChange={(channelIds) => set({ channelIds })}
            />
            <Checkbox label="Notify on recovery" checked={draft.notifyRecovery} onChange={(event) => set({ notifyRecovery: event.currentTarget.checked })} />
            <NumberInput
              label="Grouping window (seconds)"
              description="Changes reaching a channel within this window become one message; 0 sends each at once."
              min={0}
              max={3600}
              value={draft.groupingSeconds}
              error={errors["groupingSeconds"]}
              onChange={(value) => set({ groupingSeconds: Number(value) })}
            />
          </Stack>
        </Card>

        <Card withBorder>
          <Title order={2} size="h4" mb="sm">
            Reminders and escalation
          </Title>
          <Stack gap="sm">
            <Checkbox label="Remind while the alert is open and not acknowledged" checked={draft.reminders} onChange={(event) => set({ reminders: event.currentTarget.checked })} />
            {draft.reminders ? (
              <Group grow wrap="wrap" align="flex-start">
                <NumberInput label="Every (minutes)" min={5} max={10080} value={draft.reminderMinutes} error={errors["reminderMinutes"]} onChange={(value) => set({ reminderMinutes: Number(value) })} />
                <NumberInput label="At most (reminders)" min={1} max={48} value={draft.reminderMaxCount} error={errors["reminderMaxCount"]} onChange={(value) => set({ reminderMaxCount: Number(value) })} />
              </Group>
            ) : null}
            {errors["escalation"] ? (
              <Text c="red" size="sm">
                {errors["escalation"]}
              </Text>
            ) : null}
            {draft.escalation.map((step, index) => (
              <Card key={index} withBorder padding="sm" data-testid="escalation-step">
                <Stack gap="xs">
                  <Text fw={600} size="sm">
                    Escalation step {index + 1}
                  </Text>
                  <NumberInput
                    label={`Step ${index + 1}: after (minutes unacknowledged)`}
                    min={1}
                    max={10080}
                    value={step.afterMinutes}
                    error={errors[`escalation.${index}.afterMinutes`]}
                    onChange={(value) => set({ escalation: draft.escalation.map((entry, at) => (at === index ? { ...entry, afterMinutes: Number(value) } : entry)) })}
                  />
                  <MultiSelect
                    label={`Step ${index + 1}: also notify`}
                    data={channelData}
                    searchable
                    value={step.channelIds}
                    error={errors[`escalation.${index}.channelIds`]}
                    onChange={(channelIds) => set({ escalation: draft.escalation.map((entry, at) => (at === index ? { ...entry, channelIds } : entry)) })}
                  />
                  <Group>
                    <Button size="xs" variant="subtle" color="red" onClick={() => set({ escalation: draft.escalation.filter((_, at) => at !== index) })}>
                      Remove step {index + 1}
                    </Button>
                  </Group>
                </Stack>
              </Card>
            ))}
            <Group>
              <Button
                variant="default"
                size="xs"
                disabled={draft.escalation.length >= MAX_ESCALATION_STEPS}
                onClick={() => set({ escalation: [...draft.escalation, { afterMinutes: 15 * (draft.escalation.length + 1), channelIds: [] }] })}
              >
                Add escalation step
              </Button>
            </Group>
          </Stack>
        </Card>

        <Textarea
          label="Message template"
          description="Optional, Mustache: {{title}}, {{severity}}, {{#systems}}{{name}}{{/systems}}. Empty uses each channel's default message."
          autosize
          minRows={3}
          value={draft.template}
          error={errors["template"]}
          onChange={(event) => set({ template: event.currentTarget.value })}
        />
        <Group>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {props.ruleId ? "Save rule" : "Create rule"}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
