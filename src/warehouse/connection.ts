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

/**
 * A connection URL with the password hidden, for messages: everything between the user name and the
 * last @ of a `scheme://user:password@host` (a password may hold @, : and / unencoded), in any
 * scheme (a URL mistyped for a DuckDB file is quoted as a path).
 */
export function redact(target: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)(.*)@/is.exec(target);
  if (!m) return target;
  const userinfo = m[2] ?? "";
  const colon = userinfo.indexOf(":");
  if (colon < 0) return target;
  return `${m[1]}${userinfo.slice(0, colon)}:***@${target.slice(m[0].length)}`;
}

/** The password of a connection URL as written and as decoded, to be hidden wherever a message quotes it. */
function secretsOf(target: string): string[] {
  const m = /^[a-z][a-z0-9+.-]*:\/\/(.*)@/is.exec(target);
  const userinfo = m?.[1] ?? "";
  const colon = userinfo.indexOf(":");
  if (colon < 0) return [];
  const raw = userinfo.slice(colon + 1);
  let decoded = raw;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    // not percent-encoded
  }
  return [...new Set([raw, decoded])].filter((s) => s.length > 0);
}

/**
 * A message with the URL shown redacted and its password nowhere else either (a driver's error may
 * quote either). The redacted URL itself is kept whole (its database name may hold the password's
 * letters); a password under 4 characters is hidden only where the URL is quoted, since so short a
 * string stands in any text by chance.
 */
export function scrub(message: string, target: string): string {
  const shown = redact(target);
  const secrets = secretsOf(target).filter((s) => s.length >= 4);
  return message
    .split(target)
    .join(shown)
    .split(shown)
    .map((part) => secrets.reduce((text, secret) => text.split(secret).join("***"), part))
    .join(shown);
}

export interface OpenOptions {
  /**
   * Seconds to wait for another load that holds the database (DuckDB's file lock, a PostgreSQL
   * advisory lock) before DB_LOCKED. Default 60.
   */
  lockWaitSeconds?: number | undefined;
}

export const DEFAULT_LOCK_WAIT_SECONDS = 60;

/**
 * One key for the advisory lock every sheet-extract load takes on a PostgreSQL database (held for
 * the session: a killed load releases it with its connection). Two loads at once would both delete
 * and insert the same documents; the second would fail on a key or wait on row locks unbounded.
 */
const PG_LOAD_LOCK = "7362656574657874"; // "sheetext" as hex, a bigint

export async function openWarehouse(target: string, options: OpenOptions = {}): Promise<WarehouseConnection> {
  const waitMs = (options.lockWaitSeconds ?? DEFAULT_LOCK_WAIT_SECONDS) * 1000;
  try {
    return isPostgresUrl(target) ? await openPostgres(target, waitMs) : await openDuckDb(target, waitMs);
  } catch (err) {
    // Nothing a driver said may carry the password on.
    if (err instanceof SheetExtractError) {
      throw new SheetExtractError(err.code, scrub(err.message, target), { file: err.file === undefined ? undefined : scrub(err.file, target) });
    }
    throw new SheetExtractError("DB_UNREACHABLE", scrub((err as Error).message ?? String(err), target));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function openDuckDb(file: string, waitMs: number): Promise<WarehouseConnection> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  let instance: Awaited<ReturnType<typeof DuckDBInstance.create>> | undefined;
  const started = performance.now();
  // DuckDB lets one process write a file: another load's lock is waited for, up to the bound.
  while (!instance) {
    try {
      instance = await DuckDBInstance.create(file);
    } catch (err) {
      const message = (err as Error).message;
      const first = message.split("\n")[0] ?? "";
      // DuckDB's own words, not the path's (a folder may well be called "locked").
      const said = message.split(file).join("");
      const locked = /could not set lock|conflicting lock|lock on file/i.test(said);
      if (locked && performance.now() - started < waitMs) {
        await sleep(200);
        continue;
      }
      const [code, text]: [ErrorCode, string] = /permission denied|read-only file system/i.test(said)
        ? ["DB_PERMISSION", `cannot open the DuckDB file ${file} for writing: permission denied (the file or its folder is not writable by this user)`]
        : locked
          ? ["DB_LOCKED", `the DuckDB file ${file} is held by another process (another load?) and was not freed within ${waitMs / 1000} s (--lock-wait); nothing was loaded: load again when it is done`]
          : /not a valid DuckDB database/i.test(said)
            ? ["DB_NOT_A_DATABASE", `${file} exists but is not a DuckDB database: name a new file, or a .duckdb file sheet-extract made`]
            : ["DB_NOT_FOUND", `cannot open the DuckDB file ${file}: ${first}`];
      throw new SheetExtractError(code, text, { file }, { cause: err });
    }
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

async function openPostgres(url: string, waitMs: number): Promise<WarehouseConnection> {
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
  // One load at a time per database: wait for another's advisory lock, up to the bound.
  try {
    await client.query(`SET lock_timeout = ${Math.max(1, Math.round(waitMs))}`);
    await client.query(`SELECT pg_advisory_lock(${PG_LOAD_LOCK})`);
    await client.query("SET lock_timeout = DEFAULT");
  } catch (err) {
    await client.end().catch(() => undefined);
    if ((err as { code?: string }).code === "55P03") {
      throw new SheetExtractError(
        "DB_LOCKED",
        `another load holds ${shown} and did not finish within ${waitMs / 1000} s (--lock-wait); nothing was loaded: load again when it is done`,
        {},
        { cause: err },
      );
    }
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
