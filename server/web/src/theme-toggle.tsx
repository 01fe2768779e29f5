import { Button, useMantineColorScheme, type MantineColorScheme } from "@mantine/core";

const CHOICES: Array<{ value: MantineColorScheme; label: string }> = [
  { value: "light", label: "Light" },
  { value: "dark", label: "Dark" },
  { value: "auto", label: "Auto" },
];

/**
 * Light, dark, or the system's choice; remembered in this browser. Three
 * toggle buttons rather than a SegmentedControl: its sliding indicator
 * measures the layout on every change of the page, which forced a reflow per
 * update while a 500-system dashboard rendered (seconds in the ui benchmark).
 */
export function ThemeToggle(props: { visibleFrom?: "xs" | "sm" | "md" }) {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  return (
    <Button.Group aria-label="Colour theme" {...(props.visibleFrom ? { visibleFrom: props.visibleFrom } : {})}>
      {CHOICES.map((choice) => (
        <Button
          key={choice.value}
          size="compact-xs"
          variant={colorScheme === choice.value ? "filled" : "default"}
          aria-pressed={colorScheme === choice.value}
          onClick={() => setColorScheme(choice.value)}
        >
          {choice.label}
        </Button>
      ))}
    </Button.Group>
  );
}
