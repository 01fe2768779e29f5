/** A badge keeps its whole word in a narrow table cell (Mantine's label would otherwise shrink to "DELI…"). */
export const FULL_WIDTH = { minWidth: "max-content" } as const;
