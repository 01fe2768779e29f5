import { Alert, Anchor, Button, Card, Group, Modal, NativeSelect, Stack, Text, Textarea, Title } from "@mantine/core";
import { BackLink, describeFailure, PageHeader, QueryState, useApiMutation, useApiQuery, useHasRule, useSession } from "@checkstack/frontend-api";
import { useState, type FormEvent } from "react";
import { Link, useParams } from "react-router";
import { capitalise, IMPACTS, incidentApi, OPEN_STATUSES, rules, type Impact, type OpenStatus } from "./api";
import { ImpactBadge, StatusBadge } from "./badges";
import { useSystemNames } from "@checkstack/catalog-frontend/options";
import type { IncidentDetail } from "./types";

/** A timeline entry: text, optionally moving the status and the impact. */
function PostUpdateForm(props: { incident: IncidentDetail }) {
  const [message, setMessage] = useState("");
  const [status, setStatus] = useState<OpenStatus | "">("");
  const [impact, setImpact] = useState<Impact | "">("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const post = useApiMutation(incidentApi.utils.postIncidentUpdate, { success: "Update posted", notifyErrors: false });
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setErrors({});
    try {
      await post.mutateAsync({ incidentId: props.incident.id, message, ...(status ? { status } : {}), ...(impact ? { impact } : {}) });
      setMessage("");
      setStatus("");
      setImpact("");
    } catch (error) {
      const described = describeFailure(error);
      setErrors({ ...described.fieldErrors, ...(Object.keys(described.fieldErrors).length > 0 ? {} : { form: described.message }) });
    }
  };
  return (
    <Card withBorder>
      <form onSubmit={submit} noValidate>
        <Stack>
          <Title order={2} size="h4">
            Post an update
          </Title>
          {errors["form"] ? (
            <Alert color="red" role="alert">
              {errors["form"]}
            </Alert>
          ) : null}
          <Textarea label="Update" required autosize minRows={2} value={message} error={errors["message"]} onChange={(event) => setMessage(event.currentTarget.value)} />
          <Group grow wrap="wrap">
            <NativeSelect
              label="Status"
              data={[{ value: "", label: `Keep (${capitalise(props.incident.status)})` }, ...OPEN_STATUSES.map((value) => ({ value, label: capitalise(value) }))]}
              value={status}
              error={errors["status"]}
              onChange={(event) => setStatus(event.currentTarget.value as OpenStatus | "")}
            />
            <NativeSelect
              label="Impact"
              data={[{ value: "", label: `Keep (${capitalise(props.incident.impact)})` }, ...IMPACTS.map((value) => ({ value, label: capitalise(value) }))]}
              value={impact}
              error={errors["impact"]}
              onChange={(event) => setImpact(event.currentTarget.value as Impact | "")}
            />
          </Group>
          <div>
            <Button type="submit" loading={post.isPending}>
              Post update
            </Button>
          </div>
        </Stack>
      </form>
    </Card>
  );
}

/** Resolving asks for the closing words first: it is final for the public page. */
function ResolveButton(props: { incident: IncidentDetail }) {
  const [open, setOpen] = useState(false);
  const [message, setMessage] = useState("This incident has been resolved.");
  const resolve = useApiMutation(incidentApi.utils.resolveIncident, { success: "Incident resolved", onSuccess: () => setOpen(false) });
  return (
    <>
      <Button color="green" onClick={() => setOpen(true)}>
        Resolve
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title="Resolve this incident?" centered>
        <Stack>
          <Text size="sm">The incident moves to resolved and its affected systems stop showing it. This message closes the timeline.</Text>
          <Textarea label="Resolution message" required autosize minRows={2} value={message} onChange={(event) => setMessage(event.currentTarget.value)} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button color="green" loading={resolve.isPending} onClick={() => resolve.mutate({ incidentId: props.incident.id, message })}>
              Resolve incident
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

/** "you", "Checkstack" for the platform's own entries, else the kind of principal (ids mean nothing to readers). */
function useAuthorName(): (author: string) => string {
  const session = useSession();
  return (author) => {
    if (session.user && author === `user:${session.user.id}`) return session.user.displayName;
    if (author.startsWith("system:")) return "Checkstack";
    if (author.startsWith("application:")) return "an API key";
    return "a user";
  };
}

function Timeline(props: { incident: IncidentDetail }) {
  const authorName = useAuthorName();
  return (
    <Stack gap="xs" component="ol" style={{ listStyle: "none", padding: 0, margin: 0 }} aria-label="Timeline">
      {props.incident.updates.map((update) => (
        <Card key={update.id} withBorder padding="sm" component="li" data-testid="timeline-entry">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <Group gap={6}>
              {update.status ? <StatusBadge status={update.status} /> : null}
              {update.impact ? <ImpactBadge impact={update.impact} /> : null}
            </Group>
            <Text size="xs" c="dimmed">
              <time dateTime={update.createdAt.toISOString()}>{update.createdAt.toLocaleString()}</time>
              {` · ${authorName(update.author)}`}
            </Text>
          </Group>
          <Text mt={4} style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
            {update.body}
          </Text>
        </Card>
      ))}
    </Stack>
  );
}

/** One incident: its state, affected systems and timeline; updates and resolving for those who manage it. */
export function IncidentPage() {
  const { incidentId = "" } = useParams();
  const incident = useApiQuery(incidentApi.utils.getIncident, { incidentId });
  const mayManage = useHasRule(rules.incidentManage);
  const names = useSystemNames();
  return (
    <Stack maw={900}>
      <BackLink to="/incidents">All incidents</BackLink>
      <QueryState query={incident}>
        {(detail) => (
          <Stack>
            <PageHeader
              title={detail.title}
              description={`Opened ${detail.createdAt.toLocaleString()}${detail.resolvedAt ? `, resolved ${detail.resolvedAt.toLocaleString()}` : ""}`}
              actions={mayManage && detail.status !== "resolved" ? <ResolveButton incident={detail} /> : null}
            />
            <Group gap={6}>
              <StatusBadge status={detail.status} />
              <ImpactBadge impact={detail.impact} />
            </Group>
            <Card withBorder padding="sm">
              <Title order={2} size="h4" mb="xs">
                Affected systems
              </Title>
              {detail.systems.length === 0 ? (
                <Text size="sm" c="dimmed">
                  No systems are listed as affected.
                </Text>
              ) : (
                <Stack gap={4}>
                  {detail.systems.map((entry) => (
                    <Group key={entry.systemId} justify="space-between" wrap="nowrap">
                      <Anchor component={Link} to={`/systems/${entry.systemId}`} size="sm">
                        {names.get(entry.systemId) ?? entry.systemId}
                      </Anchor>
                      <ImpactBadge impact={entry.impact} />
                    </Group>
                  ))}
                </Stack>
              )}
            </Card>
            {mayManage && detail.status !== "resolved" ? <PostUpdateForm incident={detail} /> : null}
            <Title order={2} size="h4">
              Timeline
            </Title>
            <Timeline incident={detail} />
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
