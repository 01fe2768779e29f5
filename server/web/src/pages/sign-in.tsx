import { Alert, Button, Stack, Title, Text } from "@mantine/core";
import { describeFailure } from "@checkstack/frontend-api";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { authApi } from "../apis";
import { AuthFrame, EmailField, PasswordField } from "./auth-form-parts";

export function SignInPage() {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  // No user yet: nobody can sign in, so say where the first administrator comes from.
  const setupState = useQuery({ queryKey: ["shell", "setup-state"], queryFn: () => authApi.client.getSetupState() });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setPending(true);
    setFailure(undefined);
    setFieldErrors({});
    try {
      await authApi.client.session.login({ email, password });
      await queryClient.invalidateQueries();
    } catch (error) {
      const described = describeFailure(error);
      setFailure(described.message);
      setFieldErrors(described.fieldErrors);
    } finally {
      setPending(false);
    }
  };

  return (
    <AuthFrame maxWidth={400}>
        <form onSubmit={submit} aria-label="Sign in">
          <Stack>
            <Title order={1} size="h2">
              Sign in to Checkstack
            </Title>
            <Text c="dimmed" size="sm">
              Use the email and password an administrator gave you (the first admin is set up from the link in the server log, or by
              CHECKSTACK_ADMIN_EMAIL and CHECKSTACK_ADMIN_PASSWORD).
            </Text>
            {setupState.data?.setupRequired ? (
              <Alert color="blue" title="First start: no user exists yet">
                Open the one-time setup link the platform printed in its log (the line starting with FIRST-RUN SETUP) to choose the first
                administrator.
              </Alert>
            ) : null}
            {failure ? (
              <Alert color="red" role="alert">
                {failure}
              </Alert>
            ) : null}
            <EmailField value={email} error={fieldErrors["email"]} onChange={setEmail} />
            <PasswordField label="Password" autoComplete="current-password" value={password} error={fieldErrors["password"]} onChange={setPassword} />
            <Button type="submit" loading={pending}>
              Sign in
            </Button>
          </Stack>
        </form>
    </AuthFrame>
  );
}
