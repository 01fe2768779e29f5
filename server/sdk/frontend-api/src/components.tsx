import { Alert, Anchor, Button, Center, Group, Loader, Modal, Stack, Text, Title, type ButtonProps } from "@mantine/core";
import { useState, type ReactNode } from "react";
import { Link } from "react-router";
import { describeFailure } from "./api-errors";

/** A page's title, what it is for, and its main actions. */
export function PageHeader(props: { title: string; description?: string; actions?: ReactNode }) {
  return (
    <Group justify="space-between" align="flex-start" mb="md" wrap="wrap" gap="sm">
      <Stack gap={2}>
        <Title order={1} size="h2">
          {props.title}
        </Title>
        {props.description ? <Text c="dimmed">{props.description}</Text> : null}
      </Stack>
      {props.actions ? <Group gap="xs">{props.actions}</Group> : null}
    </Group>
  );
}

/** What an empty list says: what is missing and what to do next. */
export function EmptyState(props: { title: string; hint: string; action?: ReactNode }) {
  return (
    <Stack align="center" gap="xs" py="xl" data-testid="empty-state">
      <Text fw={600}>{props.title}</Text>
      <Text c="dimmed" ta="center" maw={480}>
        {props.hint}
      </Text>
      {props.action}
    </Stack>
  );
}

/** Loading and error states of a query, then its content. */
export function QueryState<T>(props: { query: { isPending: boolean; error: Error | null; data: T | undefined }; children: (data: T) => ReactNode }) {
  if (props.query.error) {
    return (
      <Alert color="red" title="Could not load" role="alert">
        {describeFailure(props.query.error).message}
      </Alert>
    );
  }
  if (props.query.isPending || props.query.data === undefined) {
    return (
      <Center py="xl">
        <Loader aria-label="Loading" />
      </Center>
    );
  }
  return <>{props.children(props.query.data)}</>;
}

/** A destructive action: asks first, then runs `onConfirm` (which shows its own pending state and result). */
export function ConfirmButton(
  props: ButtonProps & { label: string; question: string; confirmLabel?: string; onConfirm: () => Promise<unknown> | void; "aria-label"?: string },
) {
  const { label, question, confirmLabel, onConfirm, ...buttonProps } = props;
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  return (
    <>
      <Button color="red" variant="light" {...buttonProps} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="Please confirm" centered>
        <Stack>
          <Text>{question}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button
              color="red"
              loading={pending}
              onClick={async () => {
                setPending(true);
                try {
                  await onConfirm();
                  setOpen(false);
                } catch {
                  // The mutation already showed the server's message; the dialog stays for another try.
                } finally {
                  setPending(false);
                }
              }}
            >
              {confirmLabel ?? label}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** The small "← back" link above a detail or edit page, to the list (or item) it was opened from. */
export function BackLink(props: { to: string; children: string }) {
  return (
    <Anchor component={Link} to={props.to} size="sm">
      ← {props.children}
    </Anchor>
  );
}
