import { Alert, Button, Group, NumberInput, Select, SimpleGrid, Stack, TextInput, Textarea } from "@mantine/core";
import { BackLink, describeFailure, PageHeader, QueryState, useApiMutation, useApiQuery } from "@checkstack/frontend-api";
import { useMemo, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { maintenanceApi, type Recurrence, type WindowDetail } from "./api";
import { RecurrenceField } from "./recurrence-field";
import { SystemsSelect } from "@checkstack/catalog-frontend/systems-select";

interface Draft {
  title: string;
  description: string;
  systemIds: string[];
  start: string;
  end: string;
  timezone: string;
  recurrence: Recurrence;
  until: string;
  upcomingLeadMinutes: number;
}

const browserTimezone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** "2026-03-29T02:30" for a Date, in the browser's clock. */
function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function emptyDraft(): Draft {
  // Tomorrow at 02:00 for an hour: a typical quiet-hours default.
  const start = new Date();
  start.setDate(start.getDate() + 1);
  start.setHours(2, 0, 0, 0);
  const end = new Date(start.getTime() + 3_600_000);
  return { title: "", description: "", systemIds: [], start: localInput(start), end: localInput(end), timezone: browserTimezone(), recurrence: { kind: "once" }, until: "", upcomingLeadMinutes: 60 };
}

function draftOf(window: WindowDetail): Draft {
  return {
    title: window.title,
    description: window.description,
    systemIds: window.systemIds,
    start: window.start.slice(0, 16),
    end: window.end.slice(0, 16),
    timezone: window.timezone,
    recurrence: window.recurrence,
    until: window.until?.slice(0, 16) ?? "",
    upcomingLeadMinutes: window.upcomingLeadMinutes,
  };
}

function WindowForm(props: { existing?: WindowDetail }) {
  const navigate = useNavigate();
  const editing = props.existing !== undefined;
  const [draft, setDraft] = useState<Draft>(() => (props.existing ? draftOf(props.existing) : emptyDraft()));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const timezones = useMemo(() => {
    const zones = Intl.supportedValuesOf("timeZone");
    return zones.includes(draft.timezone) ? zones : [draft.timezone, ...zones];
  }, [draft.timezone]);
  const create = useApiMutation(maintenanceApi.utils.createWindow, { success: (window) => `Maintenance "${window.title}" scheduled`, notifyErrors: false });
  const update = useApiMutation(maintenanceApi.utils.updateWindow, { success: (window) => `Maintenance "${window.title}" saved`, notifyErrors: false });
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft({ ...draft, [key]: value });
    // A field's message goes once the field is changed.
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => field !== key && !field.startsWith(`${String(key)}.`))));
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFailure(undefined);
    try {
      const saved = props.existing
        ? await update.mutateAsync({
            windowId: props.existing.id,
            title: draft.title,
            description: draft.description,
            systemIds: draft.systemIds,
            upcomingLeadMinutes: draft.upcomingLeadMinutes,
          })
        : await create.mutateAsync({
            title: draft.title,
            description: draft.description,
            systemIds: draft.systemIds,
            start: draft.start,
            end: draft.end,
            timezone: draft.timezone,
            recurrence: draft.recurrence,
            ...(draft.until ? { until: draft.until } : {}),
            upcomingLeadMinutes: draft.upcomingLeadMinutes,
          });
      await navigate(`/maintenance/${saved.id}`);
    } catch (error) {
      const described = describeFailure(error);
      setErrors(described.fieldErrors);
      setFailure(Object.keys(described.fieldErrors).length > 0 ? "Check the fields marked below." : described.message);
    }
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {failure ? (
          <Alert color="red" role="alert" title="Not saved">
            {failure}
          </Alert>
        ) : null}
        <TextInput label="Title" required value={draft.title} error={errors["title"]} onChange={(event) => set("title", event.currentTarget.value)} />
        <Textarea
          label="Description"
          description="What is done and what people will notice."
          autosize
          minRows={2}
          value={draft.description}
          error={errors["description"]}
          onChange={(event) => set("description", event.currentTarget.value)}
        />
        <SystemsSelect
          label="Systems"
          description="Their alerts stay quiet while the window runs; status pages show the maintenance on them."
          value={draft.systemIds}
          error={errors["systemIds"]}
          onChange={(systemIds) => set("systemIds", systemIds)}
        />
        {editing ? (
          <Alert color="blue" title="Timing is fixed">
            The start, end, timezone and repetition of a scheduled window cannot change: cancel it and schedule a new one to move it.
          </Alert>
        ) : null}
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            type="datetime-local"
            label="Starts"
            required
            disabled={editing}
            value={draft.start}
            error={errors["start"]}
            onChange={(event) => set("start", event.currentTarget.value)}
          />
          <TextInput
            type="datetime-local"
            label="Ends"
            required
            disabled={editing}
            value={draft.end}
            error={errors["end"]}
            onChange={(event) => set("end", event.currentTarget.value)}
          />
        </SimpleGrid>
        <Select
          label="Timezone"
          description="Start and end are wall-clock times in this timezone, daylight saving included."
          data={timezones}
          searchable
          disabled={editing}
          allowDeselect={false}
          value={draft.timezone}
          error={errors["timezone"]}
          onChange={(timezone) => set("timezone", timezone ?? browserTimezone())}
        />
        <RecurrenceField value={draft.recurrence} onChange={(recurrence) => set("recurrence", recurrence)} errors={errors} disabled={editing} />
        {draft.recurrence.kind !== "once" ? (
          <TextInput
            type="datetime-local"
            label="Repeat until (optional)"
            description="No occurrence starts after this; leave empty to repeat until cancelled."
            disabled={editing}
            value={draft.until}
            error={errors["until"]}
            onChange={(event) => set("until", event.currentTarget.value)}
          />
        ) : null}
        <NumberInput
          label="Announce ahead (minutes)"
          description="How long before each start the 'maintenance upcoming' notification goes out."
          min={0}
          max={20160}
          value={draft.upcomingLeadMinutes}
          error={errors["upcomingLeadMinutes"]}
          onChange={(value) => set("upcomingLeadMinutes", Number(value) || 0)}
        />
        <Group>
          <Button type="submit" loading={create.isPending || update.isPending}>
            {editing ? "Save maintenance" : "Schedule maintenance"}
          </Button>
          <Button component={Link} to={props.existing ? `/maintenance/${props.existing.id}` : "/maintenance"} variant="default">
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function NewWindowPage() {
  return (
    <Stack maw={720}>
      <PageHeader title="Schedule maintenance" description="Planned work on some systems, once or repeating." />
      <WindowForm />
    </Stack>
  );
}

export function EditWindowPage() {
  const { windowId = "" } = useParams();
  const window = useApiQuery(maintenanceApi.utils.getWindow, { windowId });
  return (
    <Stack maw={720}>
      <BackLink to={`/maintenance/${windowId}`}>Back to the window</BackLink>
      <PageHeader title="Edit maintenance" />
      <QueryState query={window}>{(detail) => <WindowForm existing={detail} />}</QueryState>
    </Stack>
  );
}
