import { Center, Paper, PasswordInput, TextInput } from "@mantine/core";
import type { ReactNode } from "react";

/** The sign-in and setup screens' card: centred, alone on the page, the page's main landmark. */
export function AuthFrame(props: { maxWidth: number; children: ReactNode }) {
  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="xl" w="100%" maw={props.maxWidth} component="main">
        {props.children}
      </Paper>
    </Center>
  );
}

/** The account's email; browsers fill it as the user name of the saved credential. */
export function EmailField(props: { value: string; onChange: (value: string) => void; error: string | undefined }) {
  return <TextInput label="Email" type="email" autoComplete="username" required value={props.value} error={props.error} onChange={(event) => props.onChange(event.currentTarget.value)} />;
}

/** A required password input; `autoComplete` tells the browser whether to offer a saved or a new password. */
export function PasswordField(props: {
  label: string;
  autoComplete: "current-password" | "new-password";
  description?: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  return (
    <PasswordInput
      label={props.label}
      description={props.description}
      autoComplete={props.autoComplete}
      required
      value={props.value}
      error={props.error}
      onChange={(event) => props.onChange(event.currentTarget.value)}
    />
  );
}
