import { MultiSelect } from "@mantine/core";
import { useSystemOptions } from "./options";

/**
 * A searchable pick-list of the systems the user may see, for other plugins' forms; each form
 * gives its own label and description (they say what picking a system does there).
 */
export function SystemsSelect(props: { label: string; description: string; value: string[]; onChange: (systemIds: string[]) => void; error?: string | undefined }) {
  const options = useSystemOptions();
  return (
    <MultiSelect
      label={props.label}
      description={props.description}
      placeholder={props.value.length === 0 ? "Pick systems" : undefined}
      data={options.data ?? []}
      searchable
      value={props.value}
      error={props.error}
      onChange={props.onChange}
    />
  );
}
