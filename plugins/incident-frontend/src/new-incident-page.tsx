import { Alert, Button, Group, NativeSelect, Stack, TextInput, Textarea } from "@mantine/core";
import { describeFailure, PageHeader, useApiMutation } from "@checkstack/frontend-api";
import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { capitalise, IMPACTS, incidentApi, OPEN_STATUSES, type Impact, type OpenStatus } from "./api";
import { AffectedSystemsField, type AffectedSystem } from "./affected-systems-field";

/** Opens an incident: title, impact, affected systems each with its impact, and the first update. */
export function NewIncidentPage() {
  const navigate = useNavigate();
  const [title, setTitle] = useState("");
  const [impact, setImpact] = useState<Impact>("minor");
  const [status, setStatus] = useState<OpenStatus>("investigating");
  const [systems, setSystems] = useState<AffectedSystem[]>([]);
  const [message, setMessage] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  // A field's message goes once the field is changed.
  const clearError = (key: string) => setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => field !== key)));
  const create = useApiMutation(incidentApi.utils.createIncident, { success: (incident) => `Incident "${incident.title}" opened`, notifyErrors: false });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    setFailure(undefined);
    try {
      const incident = await create.mutateAsync({ title, impact, status, systems, message });
      await navigate(`/incidents/${incident.id}`);
    } catch (error) {
      const described = describeFailure(error);
      setErrors(described.fieldErrors);
      setFailure(Object.keys(described.fieldErrors).length > 0 ? "Check the fields marked below." : described.message);
    }
  };
  return (
    <Stack maw={720}>
      <PageHeader title="New incident" description="Say what is wrong and what it affects; the first update starts the timeline." />
      <form onSubmit={submit} noValidate>
        <Stack>
          {failure ? (
            <Alert color="red" role="alert" title="Not opened">
              {failure}
            </Alert>
          ) : null}
          <TextInput label="Title" required value={title} error={errors["title"]} onChange={(event) => {
              setTitle(event.currentTarget.value);
              clearError("title");
            }} />
          <Group grow wrap="wrap">
            <NativeSelect
              label="Impact"
              description="The incident's overall impact."
              data={IMPACTS.map((value) => ({ value, label: capitalise(value) }))}
              value={impact}
              error={errors["impact"]}
              onChange={(event) => setImpact(event.currentTarget.value as Impact)}
            />
            <NativeSelect
              label="Status"
              description="Where the investigation stands."
              data={OPEN_STATUSES.map((value) => ({ value, label: capitalise(value) }))}
              value={status}
              error={errors["status"]}
              onChange={(event) => setStatus(event.currentTarget.value as OpenStatus)}
            />
          </Group>
          <AffectedSystemsField value={systems} onChange={setSystems} defaultImpact={impact} error={errors["systems"]} />
          <Textarea
            label="First update"
            description="What people see first: what is happening and what you are doing about it."
            required
            autosize
            minRows={3}
            value={message}
            error={errors["message"]}
            onChange={(event) => {
              setMessage(event.currentTarget.value);
              clearError("message");
            }}
          />
          <Group>
            <Button type="submit" loading={create.isPending}>
              Open incident
            </Button>
            <Button component={Link} to="/incidents" variant="default">
              Cancel
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
