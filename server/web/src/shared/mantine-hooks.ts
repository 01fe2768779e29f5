/** The @mantine/hooks the shell lends to frontend plugins (see mantine-core.ts). */
export { useDebouncedValue, useDisclosure, useMediaQuery, useInterval, useClipboard } from "@mantine/hooks";
