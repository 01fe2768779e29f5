import { Anchor, Badge, Button, Card, Group, Stack, Text } from "@mantine/core";
import { EmptyState, PageHeader, QueryState, useApiQuery, useHasRule } from "@checkstack/frontend-api";
import { Link } from "react-router";
import { publicPath, rules, statuspageApi } from "./api";

const PAGE = 200;

/** Every status page with its state and address. */
export function PagesPage() {
  const mayManage = useHasRule(rules.pageManage);
  const pages = useApiQuery(statuspageApi.utils.listPages, { limit: PAGE });
  const newButton = (variant: "filled" | "light") =>
    mayManage ? (
      <Button component={Link} to="/status-pages/new" variant={variant}>
        New status page
      </Button>
    ) : null;
  return (
    <Stack>
      <PageHeader title="Status pages" description="Public pages that tell your users how your systems are doing." actions={newButton("filled")} />
      <QueryState query={pages}>
        {(list) =>
          list.items.length === 0 ? (
            <EmptyState
              title="No status pages yet"
              hint={mayManage ? "Create a page, put systems or groups into sections, then publish it at /status/<slug>." : "No status page you may see exists yet."}
              action={newButton("light")}
            />
          ) : (
            <Stack gap="xs">
              {list.items.map((page) => (
                <Card key={page.id} withBorder padding="sm" data-testid="status-page-row">
                  <Group justify="space-between" wrap="wrap" gap="xs">
                    <Anchor component={Link} to={`/status-pages/${page.id}`} fw={600} style={{ overflowWrap: "anywhere" }}>
                      {page.title}
                    </Anchor>
                    <Group gap={6}>
                      <Badge color={page.state === "published" ? "green" : "gray"} variant="filled">
                        {page.state === "published" ? "Published" : "Draft"}
                      </Badge>
                      {page.visibility === "signed_in" ? (
                        <Badge variant="default">
                          Signed-in only
                        </Badge>
                      ) : null}
                    </Group>
                  </Group>
                  <Group gap="xs" mt={4} wrap="wrap">
                    <Text size="sm" c="dimmed">
                      {`${publicPath(page.slug)} · ${page.sections.length} section${page.sections.length === 1 ? "" : "s"}`}
                    </Text>
                    {page.state === "published" ? (
                      <Anchor href={publicPath(page.slug)} target="_blank" rel="noopener" size="sm">
                        {`Open ${page.title} (new tab)`}
                      </Anchor>
                    ) : null}
                  </Group>
                </Card>
              ))}
            </Stack>
          )
        }
      </QueryState>
    </Stack>
  );
}
