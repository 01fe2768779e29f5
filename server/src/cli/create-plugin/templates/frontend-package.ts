import { jsonFile, tsString, type FileMap, type TemplateContext } from "./context";

/**
 * <name>-frontend: pages the platform's web application loads for the plugin
 * (bundled or installed at runtime alike). `checkstack.kind: "frontend"` and
 * `pluginId` are how the platform finds it; its pages are offered while the
 * plugin's backend is loaded.
 */
function packageJson({ names, versions, description }: TemplateContext): string {
  return jsonFile({
    name: names.frontendPackage,
    version: "0.1.0",
    private: true,
    type: "module",
    description: `Web pages of the ${names.pluginId} plugin: ${description}`,
    main: "./src/index.tsx",
    types: "./src/index.tsx",
    exports: { ".": "./src/index.tsx" },
    checkstack: { kind: "frontend", pluginId: names.pluginId },
    dependencies: {
      "@checkstack/frontend-api": versions.frontendApi,
      [names.commonPackage]: "0.1.0",
    },
  });
}

function apiTs({ names }: TemplateContext): string {
  return `import { createContractApi } from "@checkstack/frontend-api";
import { contractOperations } from "@checkstack/frontend-api/macros" with { type: "macro" };
import type { ${names.camel}Contract } from ${tsString(names.commonPackage)};

/**
 * The plugin's API in the browser, typed by its contract. The macro runs when
 * the platform bundles this package and inlines only which procedures are
 * queries and which are mutations: the browser never downloads the schemas.
 */
export const ${names.camel}Api = createContractApi<typeof ${names.camel}Contract>(
  ${tsString(names.pluginId)},
  contractOperations(${tsString(names.commonPackage)}, ${tsString(`${names.camel}Contract`)}),
);

/** Rule ids as the platform stores them (plugin id + rule id). */
export const rules = {
  itemRead: ${tsString(`${names.pluginId}.item.read`)},
  itemManage: ${tsString(`${names.pluginId}.item.manage`)},
} as const;
`;
}

function itemsPageTsx({ names }: TemplateContext): string {
  const api = `${names.camel}Api`;
  return `import { Button, Group, Stack, Table, TextInput } from "@mantine/core";
import { ConfirmButton, EmptyState, PageHeader, QueryState, useApiMutation, useApiQuery, useHasRule } from "@checkstack/frontend-api";
import { useState, type FormEvent } from "react";
import { ${api}, rules } from "./api";

/** The plugin's items: listed for whoever may read them, created and deleted by whoever may manage them. */
export function ItemsPage() {
  const items = useApiQuery(${api}.utils.getItems, undefined);
  const mayManage = useHasRule(rules.itemManage);
  const [name, setName] = useState("");
  const create = useApiMutation(${api}.utils.createItem, { success: (item) => \`"\${item.name}" created\`, onSuccess: () => setName("") });
  const remove = useApiMutation(${api}.utils.deleteItem, { success: "Deleted" });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name });
  };
  return (
    <Stack>
      <PageHeader title=${tsString(names.displayName)} description="Items of this plugin." />
      {mayManage ? (
        <form onSubmit={submit} aria-label="New item">
          <Group align="flex-end">
            <TextInput label="New item" required value={name} onChange={(event) => setName(event.currentTarget.value)} />
            <Button type="submit" loading={create.isPending}>
              Create item
            </Button>
          </Group>
        </form>
      ) : null}
      <QueryState query={items}>
        {(loaded) =>
          loaded.items.length === 0 ? (
            <EmptyState title="No items yet" hint={mayManage ? "Create one above." : "Items appear here once someone creates them."} />
          ) : (
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Name</Table.Th>
                  <Table.Th>Created</Table.Th>
                  <Table.Th>Actions</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {loaded.items.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td>{item.name}</Table.Td>
                    <Table.Td>{item.createdAt.toLocaleString()}</Table.Td>
                    <Table.Td>
                      {mayManage ? (
                        <ConfirmButton
                          label="Delete"
                          aria-label={\`Delete \${item.name}\`}
                          question={\`Delete "\${item.name}"?\`}
                          color="red"
                          variant="light"
                          onConfirm={() => remove.mutateAsync({ id: item.id })}
                        />
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )
        }
      </QueryState>
    </Stack>
  );
}
`;
}

function indexTsx({ names }: TemplateContext): string {
  return `import { createFrontendPlugin } from "@checkstack/frontend-api";
import { rules } from "./api";
import { ItemsPage } from "./items-page";

/**
 * What this plugin adds to the web application: its routes and navigation
 * entries, each offered only to users holding the rules listed (the server
 * checks every call anyway). The default export is what the shell loads.
 */
export default createFrontendPlugin({
  pluginId: ${tsString(names.pluginId)},
  routes: [{ path: ${tsString(`/${names.pluginId}`)}, component: ItemsPage, rules: [rules.itemRead] }],
  navigation: [{ label: ${tsString(names.displayName)}, path: ${tsString(`/${names.pluginId}`)}, rules: [rules.itemRead], order: 60 }],
});
`;
}

/** Files of <name>-frontend, apart from its README (see docs.ts). */
export function renderFrontendPackage(context: TemplateContext): FileMap {
  return {
    "package.json": packageJson(context),
    "src/api.ts": apiTs(context),
    "src/items-page.tsx": itemsPageTsx(context),
    "src/index.tsx": indexTsx(context),
  };
}
