import { ActionIcon, Group, NativeSelect, Stack, Text } from "@mantine/core";
import { capitalise, IMPACTS, type Impact } from "./api";
import { useSystemNames } from "@checkstack/catalog-frontend/options";
import { SystemsSelect } from "@checkstack/catalog-frontend/systems-select";

export interface AffectedSystem {
  systemId: string;
  impact: Impact;
}

/** Picks the affected systems, then an impact for each (new ones start at the incident's impact). */
export function AffectedSystemsField(props: { value: AffectedSystem[]; onChange: (value: AffectedSystem[]) => void; defaultImpact: Impact; error?: string }) {
  const names = useSystemNames();
  const impactOf = new Map(props.value.map((entry) => [entry.systemId, entry.impact]));
  return (
    <Stack gap="xs">
      <SystemsSelect
        label="Affected systems"
        description="Status pages show these systems with the impact you give each."
        value={props.value.map((entry) => entry.systemId)}
        error={props.error}
        onChange={(ids) => props.onChange(ids.map((systemId) => ({ systemId, impact: impactOf.get(systemId) ?? props.defaultImpact })))}
      />
      {props.value.map((entry) => {
        const name = names.get(entry.systemId) ?? entry.systemId;
        return (
          <Group key={entry.systemId} justify="space-between" wrap="nowrap" gap="xs">
            <Text size="sm" style={{ overflowWrap: "anywhere" }}>
              {name}
            </Text>
            <Group gap={4} wrap="nowrap">
              <NativeSelect
                aria-label={`Impact on ${name}`}
                size="xs"
                data={IMPACTS.map((impact) => ({ value: impact, label: capitalise(impact) }))}
                value={entry.impact}
                onChange={(event) =>
                  props.onChange(props.value.map((other) => (other.systemId === entry.systemId ? { ...other, impact: event.currentTarget.value as Impact } : other)))
                }
              />
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={`Remove ${name}`}
                onClick={() => props.onChange(props.value.filter((other) => other.systemId !== entry.systemId))}
              >
                ×
              </ActionIcon>
            </Group>
          </Group>
        );
      })}
    </Stack>
  );
}
