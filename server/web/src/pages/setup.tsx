import { Alert, Anchor, Button, Center, Loader, Stack, Text, TextInput, Title } from "@mantine/core";
import { describeFailure } from "@checkstack/frontend-api";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { Link, useLocation, useNavigate } from "react-router";
import { authApi } from "../apis";
import { AuthFrame, EmailField, PasswordField } from "./auth-form-parts";

/** The server prefixes a token failure with the field it concerns ("token: …"); the page says it in plain words. */
function withoutFieldPrefix(message: string): string {
  const text = message.replace(/^token:\s*/, "");
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * First-run setup, opened from the one-time link the platform logs when no
 * user exists: the holder of the link chooses the first administrator's
 * email and password and is signed in. The token is what authorises it;
 * without a valid one the server creates nothing and the page says why.
 */
export function SetupPage() {
  const location = useLocation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const token = new URLSearchParams(location.search).get("token") ?? "";
  const state = useQuery({ queryKey: ["shell", "setup-state"], queryFn: () => authApi.client.getSetupState(), staleTime: 0 });
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [confirmation, setConfirmation] = useState("");
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<string | undefined>();
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  if (state.isPending) {
    return (
      <AuthFrame maxWidth={440}>
        <Center>
          <Loader aria-label="Loading" />
        </Center>
      </AuthFrame>
    );
  }
  if (state.data && !state.data.setupRequired) {
    return (
      <AuthFrame maxWidth={440}>
        <Stack>
          <Title order={1} size="h2">
            Setup is already complete
          </Title>
          <Alert color="yellow" role="alert">
            An administrator exists already, so this setup link can no longer be used.
          </Alert>
          <Anchor component={Link} to="/sign-in">
            Sign in instead
          </Anchor>
        </Stack>
      </AuthFrame>
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setFailure(undefined);
    setFieldErrors({});
    if (password !== confirmation) {
      setFieldErrors({ confirmation: "The two passwords differ" });
      return;
    }
    setPending(true);
    try {
      await authApi.client.completeSetup({ token, email, password, ...(name.trim() ? { name: name.trim() } : {}) });
      // Signed in by the answer's cookie: the shell reloads the session and shows the application.
      await queryClient.invalidateQueries();
      void navigate("/", { replace: true });
    } catch (error) {
      const described = describeFailure(error);
      setFailure(withoutFieldPrefix(described.fieldErrors["token"] ?? described.message));
      setFieldErrors(described.fieldErrors);
    } finally {
      setPending(false);
    }
  };

  return (
    <AuthFrame maxWidth={440}>
      <form onSubmit={submit} aria-label="First-run setup">
        <Stack>
          <Title order={1} size="h2">
            Set up Checkstack
          </Title>
          <Text c="dimmed" size="sm">
            No user exists yet. Choose the first administrator&apos;s email and password; you will be signed in as that administrator.
          </Text>
          {token ? null : (
            <Alert color="red" role="alert" title="This page needs the setup link">
              Open the one-time link the platform printed in its log at start (the line starting with FIRST-RUN SETUP).
            </Alert>
          )}
          {failure ? (
            <Alert color="red" role="alert" title="Setup refused">
              {failure}
            </Alert>
          ) : null}
          <EmailField value={email} error={fieldErrors["email"]} onChange={setEmail} />
          <TextInput label="Display name" autoComplete="name" placeholder="Administrator" value={name} error={fieldErrors["name"]} onChange={(event) => setName(event.currentTarget.value)} />
          <PasswordField label="Password" description="At least 10 characters" autoComplete="new-password" value={password} error={fieldErrors["password"]} onChange={setPassword} />
          <PasswordField label="Repeat password" autoComplete="new-password" value={confirmation} error={fieldErrors["confirmation"]} onChange={setConfirmation} />
          <Button type="submit" loading={pending} disabled={!token}>
            Create administrator and sign in
          </Button>
        </Stack>
      </form>
    </AuthFrame>
  );
}
