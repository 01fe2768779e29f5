/**
 * Tripwires for the private parts of pg and drizzle-orm the platform relies
 * on (docs/driver-internals.md explains each). These tests need no database:
 * they check the shape of the internals, so an upgrade that changes them fails
 * here, by name, instead of as a hang or wrong rows somewhere else.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, test } from "bun:test";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { pgSchema, pgTable, text } from "drizzle-orm/pg-core";
import type { Pool } from "pg";
import Result from "pg/lib/result.js";
import pgUtils from "pg/lib/utils.js";
import { serialize } from "pg-protocol";
import { bindTablesToSchema } from "./plugin-database";
import { ScopeRoutingPool } from "./scope-routing-pool";
import { StatementBatch } from "./statement-batch";

const require = createRequire(import.meta.url);
const sourceOf = (specifier: string) => readFileSync(require.resolve(specifier), "utf8");

describe("pg internals used by statement-batch.ts", () => {
  test("every handler pg's Client calls on a submitted query exists on StatementBatch", () => {
    const called = new Set([...sourceOf("pg/lib/client.js").matchAll(/activeQuery\.(handle[A-Za-z]+)\(/g)].map((match) => match[1]));
    expect(called.size).toBeGreaterThan(5);
    const prototype = StatementBatch.prototype as unknown as Record<string, unknown>;
    for (const name of called) expect({ name, type: typeof prototype[name as string] }).toEqual({ name, type: "function" });
  });

  test("pg's Client still runs objects with submit() as queries (Submittable)", () => {
    expect(sourceOf("pg/lib/client.js")).toContain("typeof config.submit === 'function'");
  });

  test("pg's Connection still writes to its socket as `stream`, and pg-protocol serialises the messages the batch writes", () => {
    const { Connection } = require("pg") as { Connection: { prototype: Record<string, unknown> } };
    expect(typeof Connection.prototype["sendCopyFail"]).toBe("function");
    expect(sourceOf("pg/lib/connection.js")).toContain("return this.stream.write(buffer)");
    // The serialiser the batch imports is the one pg itself uses.
    const pgDependency = (JSON.parse(sourceOf("pg/package.json")) as { dependencies: Record<string, string> }).dependencies["pg-protocol"];
    const protocolVersion = (JSON.parse(sourceOf("pg-protocol/package.json")) as { version: string }).version;
    expect(pgDependency?.replace(/^\^/, "")).toBe(protocolVersion);
    for (const name of ["parse", "bind", "describe", "execute", "close", "sync"] as const) {
      expect({ name, type: typeof serialize[name] }).toEqual({ name, type: "function" });
    }
  });

  test("pg/lib/utils prepares values and pg/lib/result builds results the way the batch reads them", () => {
    expect(pgUtils.prepareValue(new Date(Date.UTC(2020, 0, 2)))).toBeString();
    expect(pgUtils.prepareValue(42)).toBe("42");
    const result = new Result() as unknown as {
      addFields(fields: unknown[]): void;
      parseRow(values: unknown[]): unknown;
      addRow(row: unknown): void;
      addCommandComplete(message: unknown): void;
      rows: unknown[];
      command: string;
      rowCount: number;
    };
    for (const name of ["addFields", "parseRow", "addRow", "addCommandComplete"] as const) expect(typeof result[name]).toBe("function");
    result.addFields([{ name: "n", dataTypeID: 23, format: "text" }]);
    result.addRow(result.parseRow(["7"]));
    result.addCommandComplete({ text: "SELECT 1" });
    expect(result.rows).toEqual([{ n: 7 }]);
    expect(result.command).toBe("SELECT");
    expect(result.rowCount).toBe(1);
  });
});

describe("drizzle internals used by scope-routing-pool.ts", () => {
  test("drizzle treats a ScopeRoutingPool as a pool: a transaction takes a connection and releases it", async () => {
    const statements: string[] = [];
    let released = 0;
    const connection = {
      query: async (query: string | { text: string }) => {
        statements.push((typeof query === "string" ? query : query.text).trim().toLowerCase());
        return { rows: [], rowCount: 0, command: "SELECT", fields: [] };
      },
      release: () => void released++,
    };
    const fakePool = {
      connect: async () => connection,
      query: async () => {
        throw new Error("a transaction ran its statements on the pool instead of one connection");
      },
    } as unknown as Pool;
    const database = drizzle({ client: new ScopeRoutingPool(fakePool) as unknown as Pool });
    await database.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
    });
    expect(statements).toEqual(["begin", "select 1", "commit"]);
    expect(released).toBe(1);
  });
});

describe("drizzle internals used by plugin-database.ts", () => {
  test('drizzle keeps a table\'s schema under Symbol.for("drizzle:Schema") and reads it when building SQL', () => {
    const key = Symbol.for("drizzle:Schema");
    expect((pgSchema("elsewhere").table("t", { id: text("id") }) as unknown as Record<symbol, unknown>)[key]).toBe("elsewhere");
    const items = pgTable("items", { id: text("id") });
    expect((items as unknown as Record<symbol, unknown>)[key]).toBeUndefined();
    bindTablesToSchema({ items }, "plugin_tripwire");
    const database = drizzle.mock({ schema: { items } });
    expect(database.select().from(items).toSQL().sql).toBe('select "id" from "plugin_tripwire"."items"');
  });
});
