import type { ClientBase, CustomTypesConfig, QueryResult, QueryResultRow } from "pg";
import Result from "pg/lib/result.js";
import pgUtils from "pg/lib/utils.js";
import { serialize } from "pg-protocol";

export interface BatchStatement {
  text: string;
  values?: readonly unknown[] | undefined;
  /** drizzle reads selected rows as arrays and parses some types itself. */
  rowMode?: "array" | undefined;
  types?: CustomTypesConfig | undefined;
}

/**
 * The part of pg's (untyped) Connection a batch writes to: its socket. The
 * batch's messages are serialised with pg-protocol (pg's own serialiser) into
 * one buffer and written at once: writing them one by one, as Connection's
 * parse()/bind()/… do, is a socket write each under Bun (uncork() writes the
 * corked chunks one by one).
 */
interface WireConnection {
  stream: { writable: boolean; write(buffer: Uint8Array): boolean };
}

const SYNC = serialize.sync();

/**
 * Statements this connection has prepared, by text. A name is "unsure" when
 * its batch failed: the Parse may or may not have happened, so the next use
 * closes the name first (closing an unknown name is not an error) and parses
 * again.
 */
interface PreparedStatements {
  names: Map<string, { name: string; sure: boolean }>;
  issued: number;
}

/** Past this many distinct texts a connection runs further statements unnamed: bounded server memory. */
export const PREPARED_PER_CONNECTION = 500;

const preparedByConnection = new WeakMap<object, PreparedStatements>();

function preparedOn(connection: object): PreparedStatements {
  let prepared = preparedByConnection.get(connection);
  if (!prepared) {
    prepared = { names: new Map(), issued: 0 };
    preparedByConnection.set(connection, prepared);
  }
  return prepared;
}

interface PgResult {
  rows: unknown[];
  addFields(fields: unknown[]): void;
  parseRow(fields: unknown[]): unknown;
  addRow(row: unknown): void;
  addCommandComplete(message: unknown): void;
}

/**
 * Several statements in one extended-protocol round trip, ended by one Sync:
 * one socket write, one wake-up of the backend, and, with no BEGIN in the
 * batch, one implicit transaction around all of them. Each distinct text is
 * prepared once per connection (parsed and planned once), values travel as
 * parameters. A pg Submittable: `client.query(batch)` queues it like any query.
 */
export class StatementBatch {
  readonly done: Promise<QueryResult[]>;
  private resolveDone!: (results: QueryResult[]) => void;
  private rejectDone!: (error: unknown) => void;
  private readonly results: QueryResult[] = [];
  private current: PgResult | undefined;
  private parsedHere: Array<{ name: string; sure: boolean }> = [];
  private failed = false;

  constructor(private readonly statements: readonly BatchStatement[]) {
    this.done = new Promise((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
  }

  /** Called by pg when the connection is ours; an Error returned here fails the batch before anything is sent. */
  submit(connection: WireConnection): Error | null {
    let values: unknown[][];
    try {
      values = this.statements.map((statement) => (statement.values ?? []).map((value) => pgUtils.prepareValue(value)));
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
    const prepared = preparedOn(connection);
    const messages: Buffer[] = [];
    this.statements.forEach((statement, index) => {
      const name = this.statementName(messages, prepared, statement.text);
      messages.push(serialize.bind({ statement: name, values: values[index] ?? [] }));
      messages.push(serialize.describe({ type: "P", name: "" }));
      messages.push(serialize.execute({ portal: "" }));
    });
    messages.push(SYNC);
    // A closed socket: pg reports the connection's error to the query it is running (this batch).
    if (connection.stream.writable) connection.stream.write(Buffer.concat(messages));
    this.current = this.newResult(0);
    return null;
  }

  /** Adds the Parse a statement needs on this connection, if any, to `messages`, and returns the name to bind. */
  private statementName(messages: Buffer[], prepared: PreparedStatements, text: string): string {
    const known = prepared.names.get(text);
    if (known?.sure) return known.name;
    if (known) {
      if (this.parsedHere.includes(known)) return known.name;
      messages.push(serialize.close({ type: "S", name: known.name }));
      messages.push(serialize.parse({ text, name: known.name }));
      this.parsedHere.push(known);
      return known.name;
    }
    if (prepared.issued >= PREPARED_PER_CONNECTION) {
      messages.push(serialize.parse({ text, name: "" }));
      return "";
    }
    const entry = { name: `checkstack_${++prepared.issued}`, sure: false };
    prepared.names.set(text, entry);
    messages.push(serialize.parse({ text, name: entry.name }));
    this.parsedHere.push(entry);
    return entry.name;
  }

  private newResult(index: number): PgResult {
    const statement = this.statements[index];
    return new Result(statement?.rowMode, statement?.types) as PgResult;
  }

  handleRowDescription(message: { fields: unknown[] }): void {
    this.current?.addFields(message.fields);
  }

  handleDataRow(message: { fields: unknown[] }): void {
    const result = this.current;
    if (result) result.addRow(result.parseRow(message.fields));
  }

  handleCommandComplete(message: unknown): void {
    const result = this.current;
    if (!result) return;
    result.addCommandComplete(message);
    this.results.push(result as unknown as QueryResult);
    this.current = this.newResult(this.results.length);
  }

  handleEmptyQuery(): void {
    this.handleCommandComplete({});
  }

  /** pg routes the first error here and forgets the query; the rest of the batch was skipped by the server. */
  handleError(error: unknown): void {
    this.failed = true;
    for (const entry of this.parsedHere) entry.sure = false;
    this.rejectDone(error);
  }

  handleReadyForQuery(): void {
    if (this.failed) return;
    for (const entry of this.parsedHere) entry.sure = true;
    this.resolveDone(this.results);
  }

  handlePortalSuspended(): void {}

  handleCopyInResponse(connection: { sendCopyFail(message: string): void }): void {
    connection.sendCopyFail("COPY is not supported in a statement batch");
  }

  handleCopyData(): void {}
}

/** Runs statements in one round trip on `client`; resolves to one result per statement. */
export function runBatch(client: ClientBase, statements: readonly BatchStatement[]): Promise<QueryResult[]> {
  const batch = new StatementBatch(statements);
  client.query(batch as never);
  return batch.done;
}

/** The last result of a batch, typed for its caller. */
export function lastOf<R extends QueryResultRow>(results: QueryResult[]): QueryResult<R> {
  const last = results[results.length - 1];
  if (!last) throw new Error("a statement batch returned no result");
  return last as QueryResult<R>;
}
