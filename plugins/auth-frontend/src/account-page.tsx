import { Alert, Button, PasswordInput, Stack, Text } from "@mantine/core";
import { PageHeader, useApiMutation, useFormSubmit, useSession } from "@checkstack/frontend-api";
import { useState } from "react";
import { authApi } from "./api";

/** The signed-in user's account: change the password (ends their other sessions). */
export function AccountPage() {
  const user = useSession().user;
  const [currentPassword, setCurrent] = useState("");
  const [newPassword, setNew] = useState("");
  const form = useFormSubmit();
  const change = useApiMutation(authApi.utils.account.changePassword, { success: (result) => `Password changed; ${result.endedSessions} other sessions ended`, notifyErrors: false });
  return (
    <Stack maw={480}>
      <PageHeader title="Account" description={user ? `${user.displayName} (${user.email})` : undefined} />
      <form
        onSubmit={async (event) => {
          event.preventDefault();
          if (await form.run(() => change.mutateAsync({ currentPassword, newPassword }))) {
            setCurrent("");
            setNew("");
          }
        }}
      >
        <Stack>
          <Text fw={600}>Change password</Text>
          {form.failure ? <Alert color="red">{form.failure}</Alert> : null}
          <PasswordInput label="Current password" autoComplete="current-password" required value={currentPassword} error={form.errors["currentPassword"]} onChange={(event) => setCurrent(event.currentTarget.value)} />
          <PasswordInput label="New password" autoComplete="new-password" required value={newPassword} error={form.errors["newPassword"]} onChange={(event) => setNew(event.currentTarget.value)} />
          <Button type="submit" loading={form.pending}>
            Change password
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
