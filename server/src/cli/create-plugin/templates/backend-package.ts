import { jsonFile, tsString, type FileMap, type TemplateContext } from "./context";

function packageJson({ names, description, versions }: TemplateContext): string {
  return jsonFile({
    name: names.backendPackage,
    version: "0.1.0",
    private: true,
    type: "module",
    description,
    main: "./src/index.ts",
    types: "./src/index.ts",
    exports: { ".": "./src/index.ts" },
    // What the platform looks for when it discovers plugins in plugins/.
    checkstack: { kind: "backend" },
    scripts: {
      typecheck: "tsc -p tsconfig.json --noEmit",
      lint: "eslint src",
      test: "bun test",
      "drizzle-kit": "drizzle-kit",
    },
    dependencies: {
      "@checkstack/backend-api": versions.backendApi,
      "@checkstack/common": versions.common,
      [names.commonPackage]: "0.1.0",
      "@orpc/server": versions.orpcServer,
      "drizzle-orm": versions.drizzleOrm,
      zod: versions.zod,
    },
    devDependencies: {
      "@checkstack/test-utils": versions.testUtils,
      "@checkstack/tsconfig": versions.tsconfig,
      "drizzle-kit": versions.drizzleKit,
      pg: versions.pg,
    },
  });
}

const tsconfigJson = jsonFile({ extends: "@checkstack/tsconfig/backend.json", include: ["src"] });

const drizzleConfigTs = `import { defineConfig } from "drizzle-kit";

// \`npm run drizzle-kit generate\` in this folder writes migrations to drizzle/;
// the platform applies them to this plugin's schema when it loads the plugin.
export default defineConfig({
  schema: "./src/schema.ts",
  dialect: "postgresql",
  out: "./drizzle",
});
`;

function schemaTs({ names }: TemplateContext): string {
  return `import { pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The platform keeps this plugin's tables in the schema ${names.schemaName} and
 * points its migrations and queries there, so table names need no prefix.
 */
export const ${names.camel}Items = pgTable(${tsString(names.snake)}, {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull(),
  description: text("description"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
`;
}

function serviceTs({ names }: TemplateContext): string {
  const p = names.pascal;
  const table = `${names.camel}Items`;
  return `import { asc, eq, sql } from "drizzle-orm";
import type { SafeDatabase } from "@checkstack/backend-api";
import type { Create${p}Item, Update${p}Item } from "${names.commonPackage}";
import type * as schema from "./schema";
import { ${table} } from "./schema";

export type Database = SafeDatabase<typeof schema>;

/**
 * The plugin's business logic, apart from the router so it can be tested
 * against a real database. Inside a request, the database joins that request's
 * transaction and runs as its caller.
 */
export class ${p}Service {
  constructor(private readonly database: Database) {}

  async getItems() {
    return await this.database.select().from(${table}).orderBy(asc(${table}.createdAt), asc(${table}.id));
  }

  async getItem(id: string) {
    const [item] = await this.database.select().from(${table}).where(eq(${table}.id, id));
    return item ?? null;
  }

  async createItem(data: Create${p}Item) {
    const [item] = await this.database
      .insert(${table})
      .values({ name: data.name, description: data.description ?? null })
      .returning();
    if (!item) throw new Error("insert returned no row");
    return item;
  }

  /** Fields left undefined keep their value (drizzle skips them). */
  async updateItem({ id, name, description }: Update${p}Item) {
    const [item] = await this.database
      .update(${table})
      .set({ name, description, updatedAt: sql\`now()\` })
      .where(eq(${table}.id, id))
      .returning();
    return item ?? null;
  }

  async deleteItem(id: string) {
    const deleted = await this.database.delete(${table}).where(eq(${table}.id, id)).returning({ id: ${table}.id });
    return { deleted: deleted.length > 0 };
  }
}
`;
}

function routerTs({ names }: TemplateContext): string {
  const p = names.pascal;
  return `import { implement } from "@orpc/server";
import { autoAuthMiddleware, NotFoundError, type RpcContext } from "@checkstack/backend-api";
import { ${names.camel}Contract, pluginMetadata } from "${names.commonPackage}";
import packageJson from "../package.json";
import { ${p}Service, type Database } from "./service";

/**
 * Handlers hold no access checks: autoAuthMiddleware enforces each procedure's
 * contract meta (userType, access, instanceAccess) before the handler runs.
 */
const os = implement(${names.camel}Contract).$context<RpcContext>().use(autoAuthMiddleware);

// Domain errors from the SDK: the platform turns them into HTTP answers (NotFoundError is a 404).
const notFound = (id: string) => new NotFoundError(\`No ${names.pluginId} item \${id}\`);

/**
 * A factory, so handlers use the plugin's own database (bound to its schema)
 * captured here, never a database from the request context.
 */
export function create${p}Router({ database }: { database: Database }) {
  const service = new ${p}Service(database);

  return os.router({
    getPublicInfo: os.getPublicInfo.handler(() => ({
      pluginId: pluginMetadata.pluginId,
      displayName: pluginMetadata.displayName,
      version: packageJson.version,
    })),

    getItems: os.getItems.handler(async () => ({ items: await service.getItems() })),

    getItem: os.getItem.handler(async ({ input }) => {
      const item = await service.getItem(input.id);
      if (!item) throw notFound(input.id);
      return item;
    }),

    createItem: os.createItem.handler(async ({ input, context }) => {
      const item = await service.createItem(input);
      context.logger.info(${tsString(`${names.pluginId} item created`)}, { itemId: item.id });
      return item;
    }),

    updateItem: os.updateItem.handler(async ({ input }) => {
      const item = await service.updateItem(input);
      if (!item) throw notFound(input.id);
      return item;
    }),

    deleteItem: os.deleteItem.handler(async ({ input }) => await service.deleteItem(input.id)),
  });
}
`;
}

function indexTs({ names }: TemplateContext): string {
  return `import { coreServices, createBackendPlugin } from "@checkstack/backend-api";
import { accessRuleList, pluginMetadata } from "${names.commonPackage}";
import { create${names.pascal}Router } from "./router";
import * as schema from "./schema";

export default createBackendPlugin({
  metadata: pluginMetadata,
  register(env) {
    env.registerAccessRules(accessRuleList);

    env.registerInit({
      schema,
      deps: {
        rpc: coreServices.rpc,
        logger: coreServices.logger,
      },
      // Phase 2: other plugins may not be ready yet, so only register here; call them in afterPluginsReady.
      init: async ({ database, rpc, logger }) => {
        rpc.registerRouter(create${names.pascal}Router({ database }));
        logger.info(${tsString(`${names.pluginId} router registered`)});
      },
    });
  },
});
`;
}

/** Files of <name>-backend, apart from tests (backend-tests.ts), README, changeset and the migration. */
export function renderBackendPackage(context: TemplateContext): FileMap {
  return {
    "package.json": packageJson(context),
    "tsconfig.json": tsconfigJson,
    "drizzle.config.ts": drizzleConfigTs,
    "src/schema.ts": schemaTs(context),
    "src/service.ts": serviceTs(context),
    "src/router.ts": routerTs(context),
    "src/index.ts": indexTs(context),
  };
}
