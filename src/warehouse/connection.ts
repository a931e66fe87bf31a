// One small interface over the two databases: DuckDB through its official Node package (embedded,
// one file, the default) and PostgreSQL through pg. Both take the same SQL with $1… parameters.
import { SheetExtractError, type ErrorCode } from "../errors.js";
import type { Dialect } from "./ddl.js";

export interface WarehouseConnection {
  readonly dialect: Dialect;
  /** Where it points, without a password. */
  readonly target: string;
  exec(sql: string): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<Array<Record<string, unknown>>>;
  /** Runs `fn` in a transaction: all of it is kept or none. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Runs `fn` between a begin and a commit, rolling back when it throws. */
async function inTransaction<T>(run: (sql: string) => Promise<unknown>, begin: string, fn: () => Promise<T>): Promise<T> {
  await run(begin);
  try {
    const result = await fn();
    await run("COMMIT");
    return result;
  } catch (err) {
    await run("ROLLBACK");
    throw err;
  }
}

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

/** A connection URL with the password hidden, for messages. */
export function redact(target: string): string {
  return target.replace(/^(postgres(?:ql)?:\/\/[^:/@]+:)[^@]*@/i, "$1***@");
}

export async function openWarehouse(target: string): Promise<WarehouseConnection> {
  return isPostgresUrl(target) ? openPostgres(target) : openDuckDb(target);
}

async function openDuckDb(file: string): Promise<WarehouseConnection> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  let instance: Awaited<ReturnType<typeof DuckDBInstance.create>>;
  try {
    instance = await DuckDBInstance.create(file);
  } catch (err) {
    const message = (err as Error).message;
    const first = message.split("\n")[0] ?? "";
    // DuckDB's own words, not the path's (a folder may well be called "locked").
    const said = message.split(file).join("");
    const [code, text]: [ErrorCode, string] = /permission denied|read-only file system/i.test(said)
      ? ["DB_PERMISSION", `cannot open the DuckDB file ${file} for writing: permission denied (the file or its folder is not writable by this user)`]
      : /could not set lock|conflicting lock|lock on file/i.test(said)
        ? ["DB_UNREACHABLE", `the DuckDB file ${file} is open in another process (${first}); close it and load again`]
        : /not a valid DuckDB database/i.test(said)
          ? ["DB_NOT_A_DATABASE", `${file} exists but is not a DuckDB database: name a new file, or a .duckdb file sheet-extract made`]
          : ["DB_NOT_FOUND", `cannot open the DuckDB file ${file}: ${first}`];
    throw new SheetExtractError(code, text, { file }, { cause: err });
  }
  const connection = await instance.connect();
  return {
    dialect: "duckdb",
    target: file,
    async exec(sql) {
      await connection.run(sql);
    },
    async query(sql, params = []) {
      const reader = await connection.runAndReadAll(sql, params as never);
      return reader.getRowObjectsJS() as Array<Record<string, unknown>>;
    },
    transaction(fn) {
      return inTransaction((sql) => connection.run(sql), "BEGIN TRANSACTION", fn);
    },
    async close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

async function openPostgres(url: string): Promise<WarehouseConnection> {
  const pg = (await import("pg")).default;
  // DATE columns come back as the ISO text they hold, not a JavaScript Date in local time.
  pg.types.setTypeParser(1082, (value: string) => value);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  const shown = redact(url);
  try {
    await client.connect();
  } catch (err) {
    await client.end().catch(() => undefined);
    throw postgresError(err, shown);
  }
  return {
    dialect: "postgres",
    target: shown,
    async exec(sql) {
      await client.query(sql);
    },
    async query(sql, params = []) {
      const result = await client.query(sql, params);
      return result.rows as Array<Record<string, unknown>>;
    },
    transaction(fn) {
      return inTransaction((sql) => client.query(sql), "BEGIN", fn);
    },
    async close() {
      await client.end();
    },
  };
}

function postgresError(err: unknown, target: string): SheetExtractError {
  const e = err as { code?: string; message?: string };
  const message = e.message ?? String(err);
  switch (e.code) {
    case "ECONNREFUSED":
    case "ENOTFOUND":
    case "EHOSTUNREACH":
    case "ETIMEDOUT":
    case "ECONNRESET":
      return new SheetExtractError("DB_UNREACHABLE", `cannot reach the PostgreSQL server at ${target} (${e.code}): is it running, and is the host and port right?`, {}, { cause: err });
    case "28P01":
    case "28000":
      return new SheetExtractError("DB_AUTH", `PostgreSQL refused the login for ${target}: check the user and password in the URL (${message})`, {}, { cause: err });
    case "3D000":
      return new SheetExtractError("DB_NOT_FOUND", `${message} at ${target}: create it first (createdb), then load again`, {}, { cause: err });
    default:
      if (/timeout/i.test(message)) {
        return new SheetExtractError("DB_UNREACHABLE", `cannot reach the PostgreSQL server at ${target}: the connection timed out`, {}, { cause: err });
      }
      return new SheetExtractError("DB_UNREACHABLE", `cannot connect to ${target}: ${message}`, {}, { cause: err });
  }
}
