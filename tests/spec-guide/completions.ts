/**
 * What each sample of the spec's plugin guide leaves out, keyed by the line of
 * its opening fence in backend-plugin-guide.md. Only imports, the context a
 * fragment sits in (a register(), an init, a function) and placeholders the
 * guide marks as such (`{ ... }`, `someEvent`, `// Implementation`) are added
 * or filled; the sample's own lines are kept. A sample with no entry fails
 * the test, so a changed guide is noticed.
 *
 * Samples sit in a generated plugin "myplugin" (the scaffold's output), in
 * plugins/myplugin-backend/src/guide/; `../schema`, `../service`, `../router`
 * are the generated plugin's files. The Quick Start samples use the repository's
 * worked example, @checkstack/myfeature-common.
 */
export interface Completion {
  /** Where the sample goes, relative to the generated backend's src/. Default guide/sample-<line>.ts. */
  file?: string;
  /** Module lines before the sample (imports, declarations). */
  imports?: string;
  /** Context opened before the sample and closed after it. */
  before?: string;
  after?: string;
  /** Placeholders filled: [text in the sample, replacement]. Each must occur. */
  fill?: Array<[string, string]>;
  /** Run with bun test after typechecking (test samples). */
  run?: boolean;
}

const plugin = `import { createBackendPlugin } from "@checkstack/backend-api";
import { pluginMetadata } from "@checkstack/myplugin-common";
`;
const pluginWithCore = plugin.replace("{ createBackendPlugin }", "{ coreServices, createBackendPlugin }");
/** A fragment that is the body of register(env). */
const inRegister = { before: "export default createBackendPlugin({\n  metadata: pluginMetadata,\n  register(env) {\n", after: "\n  },\n});\n" };
/** A fragment that is a property of registerInit's config. */
const inInitConfig = {
  before: "export default createBackendPlugin({\n  metadata: pluginMetadata,\n  register(env) {\n    env.registerInit({\n      deps: {},\n      init: async () => undefined,\n",
  after: "\n    });\n  },\n});\n",
};
/** A fragment that is a handler chained onto a procedure of the generated contract. */
const routerHead = `import { implement } from "@orpc/server";
import { autoAuthMiddleware, type RpcContext } from "@checkstack/backend-api";
import { myPluginContract } from "@checkstack/myplugin-common";

const os = implement(myPluginContract).$context<RpcContext>().use(autoAuthMiddleware);
`;
/** The contract's other procedures, where a router sample shows one and says "handler names must match". */
const otherHandlers = `    getPublicInfo: os.getPublicInfo.handler(async () => ({ version: "0.1.0" })),
    internalSync: os.internalSync.handler(async () => undefined),
`;

export const completions: Record<number, Completion> = {
  // Quick Start: the schema, service and router of the worked example.
  67: {},
  95: {
    imports: `import type { CreateMyItem } from "@checkstack/myfeature-common";
import type { Database } from "../service";
import { myItems } from "./sample-0067";
`,
  },
  126: {
    imports: `import type { Database } from "../service";
import { MyFeatureService } from "./sample-0095";
`,
    fill: [["    // Add more handlers matching your contract\n", "    getItem: os.getItem.handler(async () => { throw new Error(\"not in this sample\"); }),\n    deleteItem: os.deleteItem.handler(async () => ({ deleted: false })),\n    getPublicInfo: os.getPublicInfo.handler(async () => ({ pluginId: \"myfeature\", version: \"0\" })),\n    countItems: os.countItems.handler(async () => ({ count: 0 })),\n"]],
  },
  193: { imports: plugin, ...inRegister },
  262: {
    imports: `${pluginWithCore}import { coreHooks } from "@checkstack/backend-api";
import * as mySchema from "../schema";
import { createMypluginRouter } from "../router";
import type { Database } from "../service";

const createMyRouter = (database: Database) => createMypluginRouter({ database });
`,
    ...inRegister,
    fill: [
      ["await otherClient.someMethod({ ... });", "await otherClient.someMethod({});"],
      ["coreHooks.someEvent", "coreHooks.configUpdated"],
    ],
  },
  307: { imports: `${plugin}import { coreHooks } from "@checkstack/backend-api";\n`, ...inInitConfig },
  340: { imports: `${plugin}import { coreHooks } from "@checkstack/backend-api";\n`, ...inInitConfig },
  427: {
    imports: `${plugin}import type { QueueService } from "@checkstack/backend-api";\n\ndeclare const myQueue: QueueService;\n`,
    before: "export default createBackendPlugin({\n  metadata: pluginMetadata,\n",
    after: ",\n});\n",
  },
  441: {
    imports: `${plugin}import { createServiceRef } from "@checkstack/backend-api";\n\ninterface MyService {\n  doSomething(): Promise<void>;\n}\n`,
    ...inRegister,
  },
  455: { imports: plugin, ...inRegister },
  477: {
    imports: `${pluginWithCore}import * as schema from "../schema";
import { createMypluginRouter } from "../router";
import type { Database } from "../service";

const createMyPluginRouter = (database: Database) => createMypluginRouter({ database });
`,
    before: "export default createBackendPlugin({\n  metadata: pluginMetadata,\n  register(env) {\n    env.registerInit({\n      schema,\n      deps: { rpc: coreServices.rpc },\n      init: async ({ database, rpc }) => {\n",
    after: "\n      },\n    });\n  },\n});\n",
  },
  489: { imports: 'import type { Logger } from "@checkstack/backend-api";\n', before: "export function log(logger: Logger): void {\n", after: "\n}\n" },
  // The router the guide's router test (784) imports as ./router.
  506: {
    file: "guide-0784/router.ts",
    imports: 'import { items } from "../guide-0821/schema";\nimport type { Database } from "../service";\n',
    fill: [
      ["      // Implementation\n", "      return await database.select().from(items);\n"],
      ["    // Handler names must match contract procedure names\n", `    // Handler names must match contract procedure names\n${otherHandlers}`],
    ],
    // The guide's router file uses accessRuleList further on (registering the rules).
    after: "\nexport { accessRuleList };\n",
  },
  // The guide's contract and access rules are myplugin-common's myPluginContract (see the test).
  225: { file: "../../myplugin-common/src/guide-access.ts", imports: 'import type { AccessRule } from "@checkstack/common";\n' },
  543: {
    file: "../../myplugin-common/src/guide-contract.ts",
    imports: `import { oc } from "@orpc/contract";
import { z } from "zod";
import { access } from "./guide-access";

const ItemSchema = z.object({ id: z.string(), name: z.string(), description: z.string().nullable() });
`,
  },
  580: {
    imports: `${routerHead}\ntype SomeType = unknown;\ntype SomeContext = RpcContext;\n`,
    before: "export const good = os.getItems\n",
    fill: [
      ["  // input and context are automatically typed\n", "  // input and context are automatically typed\n  return [];\n"],
      ["// ❌ Bad - Don't add complex type annotations\n", ";\n\n// ❌ Bad - Don't add complex type annotations\nexport const bad = os.getItems\n"],
      ["  // This breaks inference\n", "  // This breaks inference\n  return [];\n"],
    ],
  },
  600: { imports: 'import { z } from "zod";\n\nconst IncidentSchema = z.object({ id: z.string(), title: z.string() });\n' },
  // The schema and service the guide's service test (821) imports as ./schema and ./service.
  681: { file: "guide-0821/schema.ts" },
  712: { file: "../drizzle.config.guide.ts" },
  740: {
    imports: `${routerHead}import * as schema from "../schema";\n`,
    fill: [["    // Procedures use the captured database, NOT context.db\n", `    // Procedures use the captured database, NOT context.db\n    getItems: os.getItems.handler(async () => await database.select().from(schema.mypluginItems)),\n${otherHandlers}`]],
  },
  758: {
    imports: `${pluginWithCore}import { createServiceRef } from "@checkstack/backend-api";\n\nconst myServiceRef = createServiceRef<{ ping(): string }>("my-service");\n`,
    ...inRegister,
  },
  784: { file: "guide-0784/router.test.ts", run: true },
  821: { file: "guide-0821/service.test.ts", run: true },
  859: { file: "guide-0859.test.ts", run: true },
  877: {
    imports: `${routerHead}import * as schema from "../guide-0821/schema";
import { MypluginService, type Database } from "../service";

declare const database: Database;
const itemService = new MypluginService(database);
`,
    before: "export const bad = {\n",
    fill: [["// ✅ Good\n", "};\n\n// ✅ Good\nexport const good = {\n"]],
    after: "\n};\n",
  },
  894: {
    file: "guide-0821/service.ts",
    imports: `import { randomUUID as uuidv4 } from "node:crypto";
import type { SafeDatabase } from "@checkstack/backend-api";
import * as schema from "./schema";

type NewItem = Omit<typeof schema.items.$inferInsert, "id">;
`,
    before: "export class ItemService {\n  constructor(private readonly database: SafeDatabase<Record<string, unknown>>) {}\n\n",
    after: "}\n",
  },
  911: {
    imports: `${routerHead}import { MypluginService, type Database } from "../service";

declare const database: Database;
const service = new MypluginService(database);
`,
    before: "export const getItems = os.getItems\n",
  },
  922: {
    imports: 'import type { Logger } from "@checkstack/backend-api";\n',
    before: "export function log(logger: Logger, item: { id: string }, id: string, err: Error): void {\n",
    after: "\n}\n",
  },
};
