import type { FileMap, TemplateContext } from "./context";

function changeset(packageName: string, summary: string): string {
  return `---
"${packageName}": minor
---

${summary}
`;
}

function backendReadme({ names, description }: TemplateContext): string {
  const id = names.pluginId;
  return `# ${names.backendPackage}

${description}

The backend of the \`${id}\` plugin; its contract, access rules and schemas are in
\`${names.commonPackage}\` (\`plugins/${names.commonDir}\`).

## Procedures

Served at \`POST /api/${id}/<procedure>\` with an oRPC body \`{"json": <input>}\`.

| Procedure | Who may call | Input |
| --- | --- | --- |
| \`getPublicInfo\` | anybody, signed in or not | none |
| \`getItems\` | holders of \`${id}.item.read\`; items they may not read are left out | none |
| \`getItem\` | holders of \`${id}.item.read\` on that item | \`{ id }\` |
| \`createItem\` | holders of \`${id}.item.manage\` | \`{ name, description? }\` |
| \`updateItem\` | holders of \`${id}.item.manage\` on that item | \`{ id, name?, description? }\` |
| \`deleteItem\` | holders of \`${id}.item.manage\` on that item | \`{ id }\` |

\`${id}.item.read\` is a default rule: every signed-in user holds it unless an admin removes it.

\`\`\`bash
curl -s -X POST http://localhost:3000/api/${id}/getPublicInfo -H 'content-type: application/json' -d '{"json":{}}'
\`\`\`

## Data

One table, \`${names.snake}\`, in the schema \`${names.schemaName}\` (\`src/schema.ts\`). After changing
the schema, run in this folder:

\`\`\`bash
npm run drizzle-kit generate
\`\`\`

The platform applies new files in \`drizzle/\` when it loads the plugin.

## Development

\`\`\`bash
npm run typecheck
npm run lint
npm test          # the service tests use a real PostgreSQL (see @checkstack/test-utils)
\`\`\`

See \`docs/plugin-authors-guide.md\` at the repository root.
`;
}

function commonReadme({ names, description }: TemplateContext): string {
  return `# ${names.commonPackage}

${description}

What both sides of the \`${names.pluginId}\` plugin share: its contract (\`src/contract.ts\`), its
access rules (\`src/access.ts\`), its zod schemas (\`src/schemas.ts\`) and its metadata and API
handle (\`src/index.ts\`). The backend is \`${names.backendPackage}\`.

Other plugins call this one in-process with \`rpcClient.forPlugin(${names.pascal}Api)\`.
`;
}

function frontendReadme({ names, description }: TemplateContext): string {
  return `# ${names.frontendPackage}

${description}

The pages of the \`${names.pluginId}\` plugin in the platform's web application. The platform finds
this package by its \`package.json\` (\`"checkstack": { "kind": "frontend", "pluginId": "${names.pluginId}" }\`),
bundles \`src/index.tsx\` when it starts (or when the plugin is installed at runtime) and offers
its pages while the plugin's backend is loaded.

- \`src/index.tsx\`: \`createFrontendPlugin({ pluginId, routes, navigation })\`: the default export the shell loads.
- \`src/api.ts\`: the typed client of \`${names.commonPackage}\`'s contract (\`useApiQuery\` for queries,
  \`useApiMutation\` for mutations, as the contract's \`operationType\` says).
- \`src/items-page.tsx\`: the page at \`/${names.pluginId}\`.

React, the query client, the router, Mantine and \`@checkstack/frontend-api\` are the shell's: they are
not bundled into this package. Type-check with \`npm run typecheck\` at the repository root.

See \`docs/plugin-authors-guide.md\` at the repository root.
`;
}

export function renderFrontendDocs(context: TemplateContext): FileMap {
  return {
    "README.md": frontendReadme(context),
    ".changeset/initial.md": changeset(context.names.frontendPackage, `First release of the ${context.names.pluginId} pages: a list of items, created and deleted.`),
  };
}

export function renderBackendDocs(context: TemplateContext): FileMap {
  return {
    "README.md": backendReadme(context),
    ".changeset/initial.md": changeset(
      context.names.backendPackage,
      `First release of the ${context.names.pluginId} backend: a table of items, a service and an oRPC router guarded by access rules.`,
    ),
  };
}

export function renderCommonDocs(context: TemplateContext): FileMap {
  return {
    "README.md": commonReadme(context),
    ".changeset/initial.md": changeset(
      context.names.commonPackage,
      `First release of the ${context.names.pluginId} contract, access rules and schemas.`,
    ),
  };
}
