import { Table } from "@mantine/core";
import type { ReactNode } from "react";

/**
 * A table that scrolls sideways on a narrow screen. The scrolling region is
 * focusable and named, so keyboard users can scroll it even when its rows
 * hold no button or link (axe: scrollable-region-focusable).
 */
export function ScrollTable(props: { label: string; children: ReactNode }) {
  return (
    <Table.ScrollContainer type="native" minWidth={340} tabIndex={0} role="region" aria-label={props.label}>
      {props.children}
    </Table.ScrollContainer>
  );
}
