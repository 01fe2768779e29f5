import { Box, Group, Stack, Text, Title, useComputedColorScheme } from "@mantine/core";
import type { Section, Theme } from "./api";

export interface PreviewValue {
  title: string;
  description: string;
  logoUrl: string;
  accentColor: string;
  theme: Theme;
  sections: Section[];
}

const PALETTES = {
  light: { background: "#ffffff", text: "#1f2328", muted: "#57606a", border: "#d0d7de" },
  dark: { background: "#16181d", text: "#e6edf3", muted: "#a8b3bf", border: "#3d444d" },
};

const validColour = (value: string) => (/^#[0-9a-fA-F]{6}$/.test(value) ? value : "#2563eb");

/**
 * The draft as visitors will see its layout, updated while typing: title,
 * logo, accent, theme and the sections under their public names. Live
 * statuses appear on the published page itself.
 */
export function PagePreview(props: { value: PreviewValue }) {
  const adminScheme = useComputedColorScheme("light");
  const scheme = props.value.theme === "auto" ? adminScheme : props.value.theme;
  const palette = PALETTES[scheme];
  const accent = validColour(props.value.accentColor);
  return (
    <Box
      role="region"
      aria-label="Preview of the status page"
      data-testid="status-page-preview"
      style={{ background: palette.background, color: palette.text, border: `1px solid ${palette.border}`, borderTop: `6px solid ${accent}`, borderRadius: 8, padding: 16 }}
    >
      <Stack gap="sm">
        <Group gap="sm" wrap="nowrap">
          {/^https?:\/\//.test(props.value.logoUrl) ? <img src={props.value.logoUrl} alt="" style={{ maxHeight: 40, maxWidth: 120 }} /> : null}
          <Title order={2} size="h3" style={{ color: palette.text, overflowWrap: "anywhere" }}>
            {props.value.title || "Untitled page"}
          </Title>
        </Group>
        {props.value.description ? (
          <Text size="sm" style={{ color: palette.muted, overflowWrap: "anywhere" }}>
            {props.value.description}
          </Text>
        ) : null}
        <Box style={{ borderLeft: `4px solid ${accent}`, padding: "8px 12px", border: `1px solid ${palette.border}`, borderLeftWidth: 4, borderLeftColor: accent, borderRadius: 6 }}>
          <Text fw={600} size="sm" style={{ color: palette.text }}>
            Current status of each system appears here
          </Text>
        </Box>
        {props.value.sections.length === 0 ? (
          <Text size="sm" style={{ color: palette.muted }}>
            Add a section to show systems.
          </Text>
        ) : null}
        {props.value.sections.map((section, index) => (
          <Box key={index}>
            <Text fw={700} size="sm" mb={4} style={{ color: palette.text }}>
              {section.title || "Untitled section"}
            </Text>
            <Box style={{ border: `1px solid ${palette.border}`, borderRadius: 6 }}>
              {section.items.length === 0 ? (
                <Text size="sm" p="xs" style={{ color: palette.muted }}>
                  Empty section
                </Text>
              ) : (
                section.items.map((item, itemIndex) => (
                  <Group key={itemIndex} justify="space-between" p="xs" style={{ borderTop: itemIndex === 0 ? undefined : `1px solid ${palette.border}` }} wrap="nowrap">
                    <Text size="sm" style={{ color: palette.text, overflowWrap: "anywhere" }}>
                      {item.displayName}
                    </Text>
                    <Text size="xs" style={{ color: palette.muted }}>
                      {item.kind === "group" ? "Group" : "System"}
                    </Text>
                  </Group>
                ))
              )}
            </Box>
          </Box>
        ))}
      </Stack>
    </Box>
  );
}
