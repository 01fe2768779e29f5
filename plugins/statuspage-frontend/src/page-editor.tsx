import { Alert, Anchor, Badge, Button, Grid, Group, NativeSelect, Stack, Text, TextInput, Textarea, Title } from "@mantine/core";
import { BackLink, ConfirmButton, describeFailure, PageHeader, QueryState, useApiMutation, useApiQuery, useHasRule } from "@checkstack/frontend-api";
import { useState, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { publicPath, rules, statuspageApi, type Section, type StatusPage, type Theme, type Visibility } from "./api";
import { useCatalogOptions } from "@checkstack/catalog-frontend/options";
import { PagePreview } from "./page-preview";
import { SectionsEditor } from "./sections-editor";

interface Draft {
  slug: string;
  title: string;
  description: string;
  logoUrl: string;
  accentColor: string;
  theme: Theme;
  visibility: Visibility;
  sections: Section[];
}

const EMPTY: Draft = { slug: "", title: "", description: "", logoUrl: "", accentColor: "#2563eb", theme: "auto", visibility: "public", sections: [] };

function draftOf(page: StatusPage): Draft {
  return {
    slug: page.slug,
    title: page.title,
    description: page.description ?? "",
    logoUrl: page.logoUrl ?? "",
    accentColor: page.accentColor,
    theme: page.theme,
    visibility: page.visibility,
    sections: page.sections,
  };
}

/** A title becomes a slug suggestion: "Acme Cloud" → "acme-cloud". */
const slugFrom = (title: string) =>
  title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);

function Editor(props: { existing?: StatusPage }) {
  const navigate = useNavigate();
  const page = props.existing;
  const mayManage = useHasRule(rules.pageManage);
  const [draft, setDraft] = useState<Draft>(() => (page ? draftOf(page) : EMPTY));
  const [slugTouched, setSlugTouched] = useState(page !== undefined);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | undefined>();
  const options = useCatalogOptions();
  const create = useApiMutation(statuspageApi.utils.createPage, { success: (created) => `Status page "${created.title}" created`, notifyErrors: false });
  const update = useApiMutation(statuspageApi.utils.updatePage, { success: "Changes saved", notifyErrors: false });
  const publish = useApiMutation(statuspageApi.utils.publishPage, { success: (published) => `Published at ${publicPath(published.slug)}` });
  const unpublish = useApiMutation(statuspageApi.utils.unpublishPage, { success: "Unpublished: the public address answers 404 again" });
  const remove = useApiMutation(statuspageApi.utils.deletePage, { success: "Status page deleted", onSuccess: () => void navigate("/status-pages") });
  const dirty = page === undefined || JSON.stringify(draftOf(page)) !== JSON.stringify(draft);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => {
    setDraft({ ...draft, [key]: value });
    // A field's message goes once the field is changed.
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => field !== key && !field.startsWith(`${String(key)}.`))));
  };

  /** Saves the draft; the saved page, or undefined with the errors shown on their fields. */
  const save = async (): Promise<StatusPage | undefined> => {
    setErrors({});
    setFailure(undefined);
    const fields = {
      slug: draft.slug,
      title: draft.title,
      accentColor: draft.accentColor,
      theme: draft.theme,
      visibility: draft.visibility,
      sections: draft.sections,
    };
    try {
      if (!page) {
        const created = await create.mutateAsync({
          ...fields,
          ...(draft.description ? { description: draft.description } : {}),
          ...(draft.logoUrl ? { logoUrl: draft.logoUrl } : {}),
        });
        await navigate(`/status-pages/${created.id}`, { replace: true });
        return created;
      }
      const saved = await update.mutateAsync({ pageId: page.id, ...fields, description: draft.description || null, logoUrl: draft.logoUrl || null });
      return saved;
    } catch (error) {
      const described = describeFailure(error);
      setErrors(described.fieldErrors);
      setFailure(Object.keys(described.fieldErrors).length > 0 ? "Check the fields marked below." : described.message);
      return undefined;
    }
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await save();
  };
  const publishNow = async () => {
    const saved = dirty ? await save() : page;
    if (saved) await publish.mutateAsync({ pageId: saved.id }).catch(() => undefined);
  };
  const pending = create.isPending || update.isPending;
  return (
    <Grid gap="lg">
      <Grid.Col span={{ base: 12, md: 7 }}>
        <form onSubmit={submit} noValidate aria-label="Status page settings">
          <Stack>
            {failure ? (
              <Alert color="red" role="alert" title="Not saved">
                {failure}
              </Alert>
            ) : null}
            <TextInput
              label="Title"
              required
              value={draft.title}
              error={errors["title"]}
              onChange={(event) => {
                const title = event.currentTarget.value;
                setDraft({ ...draft, title, ...(slugTouched ? {} : { slug: slugFrom(title) }) });
              }}
            />
            <TextInput
              label="Slug"
              description={`The page's address: ${publicPath(draft.slug || "<slug>")}. Lower-case letters, digits and dashes.`}
              required
              value={draft.slug}
              error={errors["slug"]}
              onChange={(event) => {
                setSlugTouched(true);
                set("slug", event.currentTarget.value);
              }}
            />
            <Textarea label="Description" autosize minRows={2} value={draft.description} error={errors["description"]} onChange={(event) => set("description", event.currentTarget.value)} />
            <TextInput label="Logo URL" description="An http(s) address of an image; leave empty for none." value={draft.logoUrl} error={errors["logoUrl"]} onChange={(event) => set("logoUrl", event.currentTarget.value)} />
            <Group grow wrap="wrap" align="flex-start">
              <Group gap="xs" align="flex-end" wrap="nowrap">
                <TextInput
                  label="Accent colour"
                  description="#rrggbb"
                  value={draft.accentColor}
                  error={errors["accentColor"]}
                  onChange={(event) => set("accentColor", event.currentTarget.value)}
                  style={{ flex: 1 }}
                />
                <input
                  type="color"
                  aria-label="Pick the accent colour"
                  value={/^#[0-9a-fA-F]{6}$/.test(draft.accentColor) ? draft.accentColor : "#2563eb"}
                  onChange={(event) => set("accentColor", event.currentTarget.value)}
                  style={{ width: 44, height: 36, padding: 2, border: "1px solid var(--mantine-color-default-border)", borderRadius: 4, background: "transparent" }}
                />
              </Group>
              <NativeSelect
                label="Theme"
                data={[
                  { value: "auto", label: "Follow the visitor's system" },
                  { value: "light", label: "Light" },
                  { value: "dark", label: "Dark" },
                ]}
                value={draft.theme}
                error={errors["theme"]}
                onChange={(event) => set("theme", event.currentTarget.value as Theme)}
              />
            </Group>
            <NativeSelect
              label="Who may see it"
              description="Once published."
              data={[
                { value: "public", label: "Anyone (public)" },
                { value: "signed_in", label: "Signed-in users only" },
              ]}
              value={draft.visibility}
              error={errors["visibility"]}
              onChange={(event) => set("visibility", event.currentTarget.value as Visibility)}
            />
            <Title order={2} size="h4">
              Sections
            </Title>
            {errors["sections"] ? (
              <Text c="red" size="sm" role="alert">
                {errors["sections"]}
              </Text>
            ) : null}
            <SectionsEditor value={draft.sections} onChange={(sections) => set("sections", sections)} options={options.data ?? { systems: [], groups: [] }} errors={errors} />
            {mayManage ? (
              <Group wrap="wrap">
                <Button type="submit" loading={pending} disabled={!dirty}>
                  {page ? "Save changes" : "Create page"}
                </Button>
                {page && page.state === "draft" ? (
                  <Button color="green" onClick={publishNow} loading={publish.isPending}>
                    {dirty ? "Save and publish" : "Publish"}
                  </Button>
                ) : null}
                {page && page.state === "published" ? (
                  <ConfirmButton
                    label="Unpublish"
                    variant="default"
                    question={`Unpublish "${page.title}"? ${publicPath(page.slug)} answers 404 until you publish it again.`}
                    onConfirm={() => unpublish.mutateAsync({ pageId: page.id })}
                  />
                ) : null}
                {page ? (
                  <ConfirmButton
                    label="Delete"
                    question={`Delete the status page "${page.title}"? Its address stops working and its configuration is gone.`}
                    confirmLabel="Delete page"
                    onConfirm={() => remove.mutateAsync({ pageId: page.id })}
                  />
                ) : null}
              </Group>
            ) : null}
          </Stack>
        </form>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 5 }}>
        <Stack gap="xs" style={{ position: "sticky", top: 16 }}>
          <Group justify="space-between" wrap="wrap">
            <Title order={2} size="h4">
              Preview
            </Title>
            {page?.state === "published" ? (
              <Anchor href={publicPath(page.slug)} target="_blank" rel="noopener" size="sm" data-testid="public-link">
                Open the public page (new tab)
              </Anchor>
            ) : null}
          </Group>
          <PagePreview value={draft} />
          {page?.state === "draft" ? (
            <Text size="sm" c="dimmed">
              A draft: publish it to serve it at {publicPath(page.slug)}.
            </Text>
          ) : null}
        </Stack>
      </Grid.Col>
    </Grid>
  );
}

export function NewPagePage() {
  return (
    <Stack>
      <BackLink to="/status-pages">All status pages</BackLink>
      <PageHeader title="New status page" description="Fill in the page; the preview follows as you type. It stays a draft until you publish it." />
      <Editor />
    </Stack>
  );
}

export function EditPagePage() {
  const { pageId = "" } = useParams();
  const page = useApiQuery(statuspageApi.utils.getPage, { pageId });
  return (
    <Stack>
      <BackLink to="/status-pages">All status pages</BackLink>
      <QueryState query={page}>
        {(loaded) => (
          <Stack>
            <PageHeader
              title={loaded.title}
              description={`${publicPath(loaded.slug)}`}
              actions={
                <Badge color={loaded.state === "published" ? "green" : "gray"} variant="filled" size="lg">
                  {loaded.state === "published" ? "Published" : "Draft"}
                </Badge>
              }
            />
            {/* Keyed by the saved version: after a save the form starts from what the server stored. */}
            <Editor key={loaded.updatedAt.toISOString()} existing={loaded} />
          </Stack>
        )}
      </QueryState>
    </Stack>
  );
}
