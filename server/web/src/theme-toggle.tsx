import { SegmentedControl, useMantineColorScheme, type MantineColorScheme } from "@mantine/core";

/** Light, dark, or the system's choice; remembered in this browser. */
export function ThemeToggle(props: { visibleFrom?: "xs" | "sm" | "md" }) {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <SegmentedControl
      size="xs"
      {...(props.visibleFrom ? { visibleFrom: props.visibleFrom } : {})}
      aria-label="Colour theme"
      value={colorScheme}
      onChange={(value) => setColorScheme(value as MantineColorScheme)}
      data={[
        { value: "light", label: "Light" },
        { value: "dark", label: "Dark" },
        { value: "auto", label: "Auto" },
      ]}
    />
  );
}
