import { Badge, Group, Table, type MantineColor } from "@mantine/core";
import type { ReactNode } from "react";
import { EmptyState } from "./components";

/** One column of a DataTable: its header and what a row shows in it. */
export interface DataColumn<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** For cells holding controls that need room (selects, badges). */
  minWidth?: number;
}

/**
 * The list screens' table: striped, scrolling sideways below `minWidth` (usable at 375 px), and an
 * empty state saying what to do next instead of an empty grid.
 */
export function DataTable<T>(props: {
  rows: readonly T[];
  rowKey: (row: T) => string;
  columns: ReadonlyArray<DataColumn<T>>;
  empty: { title: string; hint: string; action?: ReactNode };
  minWidth?: number;
  highlightOnHover?: boolean;
  /**
   * Names the scrolling region and makes it focusable, so keyboard users can scroll a table whose
   * rows hold no button or link (axe: scrollable-region-focusable). It then scrolls natively, so
   * the focused element is the one that scrolls.
   */
  scrollLabel?: string;
  /** `data-*` attributes for a row, for tests and styles that find a row by what it shows. */
  rowData?: (row: T) => Record<`data-${string}`, string>;
}) {
  if (props.rows.length === 0) return <EmptyState {...props.empty} />;
  const region = props.scrollLabel === undefined ? {} : ({ type: "native", tabIndex: 0, role: "region", "aria-label": props.scrollLabel } as const);
  return (
    <Table.ScrollContainer minWidth={props.minWidth ?? 600} {...region}>
      <Table striped highlightOnHover={props.highlightOnHover ?? false}>
        <Table.Thead>
          <Table.Tr>
            {props.columns.map((column) => (
              <Table.Th key={column.header}>{column.header}</Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.rows.map((row) => (
            <Table.Tr key={props.rowKey(row)} {...props.rowData?.(row)}>
              {props.columns.map((column) => (
                <Table.Td key={column.header} miw={column.minWidth}>
                  {column.cell(row)}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** A row of small badges (roles, instances, tags): plain strings, or items with their own label, colour and tooltip. */
export function BadgeList<T extends string | { key: string; label: ReactNode; color?: MantineColor; title?: string }>(props: { items: readonly T[] }) {
  return (
    <Group gap={4}>
      {props.items.map((item) =>
        typeof item === "string" ? (
          <Badge key={item} variant="filled">
            {item}
          </Badge>
        ) : (
          <Badge key={item.key} variant="filled" color={item.color} title={item.title}>
            {item.label}
          </Badge>
        ),
      )}
    </Group>
  );
}
