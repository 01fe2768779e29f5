import { ActionIcon, Button, Card, Group, NativeSelect, Select, Stack, Text, TextInput } from "@mantine/core";
import { useState } from "react";
import type { Section, SectionItem } from "./api";
import type { CatalogOptions } from "@checkstack/catalog-frontend/options";

const itemKey = (item: SectionItem) => (item.kind === "system" ? `system:${item.systemId}` : `group:${item.groupId}`);

/** Adds a system or group to a section; its display name starts as its catalog name. */
function AddItem(props: { sectionIndex: number; options: CatalogOptions; taken: Set<string>; onAdd: (item: SectionItem) => void }) {
  const [kind, setKind] = useState<"system" | "group">("system");
  const choices = (kind === "system" ? props.options.systems : props.options.groups).filter((option) => !props.taken.has(`${kind}:${option.value}`));
  const sectionName = `section ${props.sectionIndex + 1}`;
  return (
    <Group gap="xs" align="flex-end" wrap="wrap">
      <NativeSelect
        label="Add a"
        aria-label={`Kind of entry to add to ${sectionName}`}
        size="xs"
        data={[
          { value: "system", label: "System" },
          { value: "group", label: "Group" },
        ]}
        value={kind}
        onChange={(event) => setKind(event.currentTarget.value as "system" | "group")}
      />
      <Select
        label={kind === "system" ? "System" : "Group"}
        aria-label={`${kind === "system" ? "System" : "Group"} to add to ${sectionName}`}
        size="xs"
        searchable
        placeholder={choices.length === 0 ? `No ${kind}s left` : `Pick a ${kind}`}
        data={choices}
        value={null}
        style={{ flex: "1 1 180px" }}
        onChange={(value) => {
          const label = choices.find((choice) => choice.value === value)?.label;
          if (!value || !label) return;
          props.onAdd(kind === "system" ? { kind: "system", systemId: value, displayName: label } : { kind: "group", groupId: value, displayName: label });
        }}
      />
    </Group>
  );
}

/** A page's sections: each a title and systems or groups shown under public display names. */
export function SectionsEditor(props: { value: Section[]; onChange: (value: Section[]) => void; options: CatalogOptions; errors: Record<string, string> }) {
  const names = new Map<string, string>([...props.options.systems.map((option) => [`system:${option.value}`, option.label] as const), ...props.options.groups.map((option) => [`group:${option.value}`, option.label] as const)]);
  // The internal name, so the admin knows what the public name stands for.
  const catalogName = (item: SectionItem) => `${names.get(itemKey(item)) ?? `a ${item.kind}`} (${item.kind})`;
  const update = (index: number, section: Section) => props.onChange(props.value.map((other, at) => (at === index ? section : other)));
  const move = (index: number, by: number) => {
    const next = [...props.value];
    const [moved] = next.splice(index, 1);
    if (moved) next.splice(index + by, 0, moved);
    props.onChange(next);
  };
  return (
    <Stack gap="sm">
      {props.value.length === 0 ? (
        <Text size="sm" c="dimmed">
          No sections yet: add one, then put systems or groups into it.
        </Text>
      ) : null}
      {props.value.map((section, index) => {
        const taken = new Set(section.items.map(itemKey));
        return (
          <Card key={index} withBorder padding="sm" data-testid="section-editor">
            <Stack gap="xs">
              <Group gap="xs" align="flex-end" wrap="nowrap">
                <TextInput
                  label={`Section ${index + 1} title`}
                  required
                  value={section.title}
                  error={props.errors[`sections.${index}.title`]}
                  onChange={(event) => update(index, { ...section, title: event.currentTarget.value })}
                  style={{ flex: 1, minWidth: 0 }}
                />
                <ActionIcon variant="default" size="lg" aria-label={`Move section ${index + 1} up`} disabled={index === 0} onClick={() => move(index, -1)}>
                  ↑
                </ActionIcon>
                <ActionIcon variant="default" size="lg" aria-label={`Move section ${index + 1} down`} disabled={index === props.value.length - 1} onClick={() => move(index, 1)}>
                  ↓
                </ActionIcon>
                <ActionIcon
                  variant="light"
                  color="red"
                  size="lg"
                  aria-label={`Remove section ${index + 1}`}
                  onClick={() => props.onChange(props.value.filter((_, at) => at !== index))}
                >
                  ×
                </ActionIcon>
              </Group>
              {section.items.map((item, itemIndex) => (
                <Group key={itemKey(item)} gap="xs" align="flex-end" wrap="nowrap">
                  <TextInput
                    label={`Public name of ${catalogName(item)}`}
                    description={itemIndex === 0 ? "What visitors see instead of the internal name." : undefined}
                    value={item.displayName}
                    error={props.errors[`sections.${index}.items.${itemIndex}.displayName`]}
                    onChange={(event) =>
                      update(index, { ...section, items: section.items.map((other, at) => (at === itemIndex ? { ...other, displayName: event.currentTarget.value } : other)) })
                    }
                    style={{ flex: 1, minWidth: 0 }}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="lg"
                    aria-label={`Remove ${item.displayName || item.kind} from section ${index + 1}`}
                    onClick={() => update(index, { ...section, items: section.items.filter((_, at) => at !== itemIndex) })}
                  >
                    ×
                  </ActionIcon>
                </Group>
              ))}
              <AddItem sectionIndex={index} options={props.options} taken={taken} onAdd={(item) => update(index, { ...section, items: [...section.items, item] })} />
            </Stack>
          </Card>
        );
      })}
      <div>
        <Button variant="light" onClick={() => props.onChange([...props.value, { title: `Section ${props.value.length + 1}`, items: [] }])}>
          Add section
        </Button>
      </div>
    </Stack>
  );
}
