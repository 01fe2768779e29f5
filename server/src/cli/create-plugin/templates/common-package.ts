import { jsonFile, tsString, type FileMap, type TemplateContext } from "./context";

function packageJson({ names, versions }: TemplateContext): string {
  return jsonFile({
    name: names.commonPackage,
    version: "0.1.0",
    private: true,
    type: "module",
    description: `Contract, access rules and schemas of the ${names.pluginId} plugin`,
    main: "./src/index.ts",
    types: "./src/index.ts",
    exports: { ".": "./src/index.ts" },
    checkstack: { kind: "common" },
    scripts: {
      typecheck: "tsc -p tsconfig.json --noEmit",
      lint: "eslint src",
    },
    dependencies: {
      "@checkstack/common": versions.common,
      "@orpc/contract": versions.orpcContract,
      zod: versions.zod,
    },
    devDependencies: {
      "@checkstack/tsconfig": versions.tsconfig,
    },
  });
}

function accessTs({ names }: TemplateContext): string {
  return `import { accessPair, type AccessRule } from "@checkstack/common";

/**
 * A read rule and a manage rule for this plugin's items. The platform prefixes
 * rule ids with the plugin id, so they are stored as "${names.pluginId}.item.read"
 * and "${names.pluginId}.item.manage".
 *
 * idParam names the input field that holds an item's id: procedures on one item
 * are checked against that item (a call without the id is denied). Procedures on
 * many items override it in the contract.
 */
export const ${names.camel}Access = {
  item: accessPair(
    "item",
    {
      // Granted to every signed-in user through the built-in "users" role.
      read: { description: ${tsString(`View ${names.displayName} items`)}, isDefault: true },
      manage: { description: ${tsString(`Create, change and delete ${names.displayName} items`)} },
    },
    { idParam: "id" },
  ),
};

export const accessRuleList: AccessRule[] = [${names.camel}Access.item.read, ${names.camel}Access.item.manage];
`;
}

function schemasTs({ names }: TemplateContext): string {
  const p = names.pascal;
  return `import { z } from "zod";

export const ${p}ItemSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type ${p}Item = z.infer<typeof ${p}ItemSchema>;

const name = z.string().trim().min(1, "name must not be empty").max(200);
const description = z.string().max(2000);

// No id: the database assigns it, callers never choose one.
export const Create${p}ItemSchema = z.object({
  name,
  description: description.optional(),
});
export type Create${p}Item = z.infer<typeof Create${p}ItemSchema>;

export const ${p}ItemIdSchema = z.object({ id: z.uuid("id must be a UUID") });

export const Update${p}ItemSchema = ${p}ItemIdSchema.extend({
  name: name.optional(),
  // null clears the description; leaving it out keeps it.
  description: description.nullable().optional(),
}).refine((input) => input.name !== undefined || input.description !== undefined, {
  message: "give a name or a description to change",
});
export type Update${p}Item = z.infer<typeof Update${p}ItemSchema>;

export const ${p}InfoSchema = z.object({
  pluginId: z.string(),
  displayName: z.string(),
  version: z.string(),
});
`;
}

function contractTs({ names }: TemplateContext): string {
  const p = names.pascal;
  return `import { proc } from "@checkstack/common";
import { z } from "zod";
import { ${names.camel}Access } from "./access";
import {
  Create${p}ItemSchema,
  ${p}InfoSchema,
  ${p}ItemIdSchema,
  ${p}ItemSchema,
  Update${p}ItemSchema,
} from "./schemas";

const { item } = ${names.camel}Access;

/**
 * The plugin's API. Each procedure's meta is enforced by autoAuthMiddleware in
 * the backend before its handler runs: who may call (userType), which rules the
 * caller must hold (access) and how single items or lists are checked
 * (instanceAccess). Served at POST /api/${names.pluginId}/<procedure>.
 */
export const ${names.camel}Contract = {
  // Anybody, signed in or not, may ask what this is: handy for probes and clients.
  getPublicInfo: proc({ operationType: "query", userType: "anonymous" }).output(${p}InfoSchema),

  // listKey: items the caller may not read are dropped from the answer.
  getItems: proc({
    operationType: "query",
    userType: "authenticated",
    access: [item.read],
    instanceAccess: { listKey: "items" },
  }).output(z.object({ items: z.array(${p}ItemSchema) })),

  getItem: proc({ operationType: "query", userType: "authenticated", access: [item.read] })
    .input(${p}ItemIdSchema)
    .output(${p}ItemSchema),

  // A new item has no id to check against yet, so the rule alone decides.
  createItem: proc({ operationType: "mutation", userType: "authenticated", access: [item.manage], instanceAccess: {} })
    .input(Create${p}ItemSchema)
    .output(${p}ItemSchema),

  updateItem: proc({ operationType: "mutation", userType: "authenticated", access: [item.manage] })
    .input(Update${p}ItemSchema)
    .output(${p}ItemSchema),

  deleteItem: proc({ operationType: "mutation", userType: "authenticated", access: [item.manage] })
    .input(${p}ItemIdSchema)
    .output(z.object({ deleted: z.boolean() })),
};
`;
}

function indexTs({ names, description }: TemplateContext): string {
  return `import { definePluginApi, definePluginMetadata } from "@checkstack/common";
import { ${names.camel}Contract } from "./contract";

export const pluginMetadata = definePluginMetadata({
  pluginId: ${tsString(names.pluginId)},
  displayName: ${tsString(names.displayName)},
  description: ${tsString(description)},
});

/** What other plugins hand to rpcClient.forPlugin() to call this one in-process. */
export const ${names.pascal}Api = definePluginApi({ pluginId: pluginMetadata.pluginId, contract: ${names.camel}Contract });

export * from "./access";
export * from "./contract";
export * from "./schemas";
`;
}

const tsconfigJson = jsonFile({ extends: "@checkstack/tsconfig/plugin.json", include: ["src"] });

/** Files of <name>-common, apart from its README and changeset (see docs.ts). */
export function renderCommonPackage(context: TemplateContext): FileMap {
  return {
    "package.json": packageJson(context),
    "tsconfig.json": tsconfigJson,
    "src/access.ts": accessTs(context),
    "src/schemas.ts": schemasTs(context),
    "src/contract.ts": contractTs(context),
    "src/index.ts": indexTs(context),
  };
}
