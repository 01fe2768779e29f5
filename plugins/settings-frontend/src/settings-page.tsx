import { Alert, Button, Card, Group, NumberInput, Stack, Switch, Text, TextInput, Title } from "@mantine/core";
import { PageHeader, QueryState, useApiMutation, useApiQuery, useFormSubmit, useHasRule } from "@checkstack/frontend-api";
import { useState, type FormEvent, type ReactNode } from "react";
import { authApi, healthcheckApi, rules, settingsApi } from "./api";

function SettingCard(props: { title: string; description: string; children: ReactNode; testId: string }) {
  return (
    <Card withBorder data-testid={props.testId}>
      <Title order={2} size="h4">
        {props.title}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {props.description}
      </Text>
      {props.children}
    </Card>
  );
}

const SOURCE_LABELS = {
  setting: "this setting",
  environment: "the CHECKSTACK_PUBLIC_URL environment variable",
  "listen-address": "this instance's listen address (no public URL is set)",
} as const;

function PublicUrlForm(props: { stored: string | null; effective: string; source: keyof typeof SOURCE_LABELS }) {
  const mayManage = useHasRule(rules.settingsManage);
  const [value, setValue] = useState(props.stored ?? "");
  const form = useFormSubmit();
  const set = useApiMutation(settingsApi.utils.set, { success: "Public URL saved", notifyErrors: false });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await form.run(() => set.mutateAsync({ publicUrl: value.trim() === "" ? null : value.trim() }));
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <TextInput
          label="Public URL"
          description="The address people open; links in notifications and setup mails start with it. Leave empty to fall back."
          placeholder="https://status.example.com"
          value={value}
          disabled={!mayManage}
          error={form.errors["publicUrl"] ?? (Object.keys(form.errors).length === 0 ? form.failure : undefined)}
          onChange={(event) => setValue(event.currentTarget.value)}
        />
        <Text size="sm" data-testid="effective-public-url">
          {`Links use ${props.effective}, from ${SOURCE_LABELS[props.source]}.`}
        </Text>
        {mayManage ? (
          <div>
            <Button type="submit" loading={form.pending}>
              Save public URL
            </Button>
          </div>
        ) : null}
      </Stack>
    </form>
  );
}

function RegistrationForm(props: { allowed: boolean }) {
  const set = useApiMutation(authApi.utils.registration.set, {
    success: (saved) => (saved.allowRegistration ? "Self-registration allowed" : "Self-registration turned off"),
  });
  return (
    <Switch
      label="Anyone may register an account on the sign-in page"
      description="New accounts get the default rules only; an administrator grants more."
      checked={props.allowed}
      disabled={set.isPending}
      onChange={(event) => set.mutate({ allowRegistration: event.currentTarget.checked })}
    />
  );
}

interface Retention {
  rawDays: number;
  hourlyDays: number;
  dailyDays: number;
}

function RetentionForm(props: { initial: Retention }) {
  const mayManage = useHasRule(rules.checkManage);
  const [value, setValue] = useState(props.initial);
  const form = useFormSubmit();
  const set = useApiMutation(healthcheckApi.utils.setRetention, { success: "Retention saved", notifyErrors: false });
  const field = (key: keyof Retention, label: string, description: string, min: number, max: number) => (
    <NumberInput
      label={label}
      description={description}
      min={min}
      max={max}
      suffix=" days"
      disabled={!mayManage}
      value={value[key]}
      error={form.errors[key]}
      onChange={(changed) => setValue({ ...value, [key]: Number(changed) })}
      style={{ minWidth: 180 }}
    />
  );
  return (
    <form
      noValidate
      onSubmit={async (event) => {
        event.preventDefault();
        await form.run(() => set.mutateAsync(value));
      }}
    >
      <Stack gap="xs">
        {form.failure && Object.keys(form.errors).length === 0 ? (
          <Alert color="red" role="alert">
            {form.failure}
          </Alert>
        ) : null}
        <Group grow wrap="wrap" align="flex-start">
          {field("rawDays", "Individual runs", "2 to 90", 2, 90)}
          {field("hourlyDays", "Hourly summaries", "1 to 400", 1, 400)}
          {field("dailyDays", "Daily summaries", "30 to 3650", 30, 3650)}
        </Group>
        {mayManage ? (
          <div>
            <Button type="submit" loading={form.pending}>
              Save retention
            </Button>
          </div>
        ) : null}
      </Stack>
    </form>
  );
}

/** Platform-wide settings: where the platform is reached, who may register, how long history is kept. */
export function SettingsPage() {
  const mayReadSettings = useHasRule(rules.settingsRead);
  const mayManageUsers = useHasRule(rules.userManage);
  const mayReadChecks = useHasRule(rules.checkRead);
  const platform = useApiQuery(settingsApi.utils.get, undefined, { enabled: mayReadSettings });
  const registration = useApiQuery(authApi.utils.registration.get, undefined, { enabled: mayManageUsers });
  const retention = useApiQuery(healthcheckApi.utils.getRetention, undefined, { enabled: mayReadChecks });
  return (
    <Stack maw={820}>
      <PageHeader title="Settings" description="Platform-wide settings. Each change is recorded in the audit log." />
      {mayReadSettings ? (
        <SettingCard title="Public URL" description="Where people reach this platform." testId="setting-public-url">
          <QueryState query={platform}>{(settings) => <PublicUrlForm stored={settings.publicUrl} effective={settings.effectivePublicUrl} source={settings.source} />}</QueryState>
        </SettingCard>
      ) : null}
      {mayManageUsers ? (
        <SettingCard title="Self-registration" description="Whether people can create their own account." testId="setting-registration">
          <QueryState query={registration}>{(settings) => <RegistrationForm allowed={settings.allowRegistration} />}</QueryState>
        </SettingCard>
      ) : null}
      {mayReadChecks ? (
        <SettingCard title="History retention" description="How long check runs are kept; summaries feed the charts and status pages' availability." testId="setting-retention">
          <QueryState query={retention}>{(settings) => <RetentionForm initial={settings} />}</QueryState>
        </SettingCard>
      ) : null}
    </Stack>
  );
}
