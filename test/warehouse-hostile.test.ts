// The warehouses when things go wrong (#28), as a user meets them: a load killed with SIGKILL
// midway leaves each document wholly in or wholly absent and a second load completes without
// duplicates; two loads at once, the second waiting for the first up to --lock-wait and then
// stopping with DB_LOCKED; SQL in fields loaded verbatim; a password in a postgres:// URL nowhere in
// stdout, stderr, errors.jsonl or the warehouse. PostgreSQL from scripts/with-postgres.sh
// (SHEET_EXTRACT_TEST_PG), skipped without it unless REQUIRE_POSTGRES=1.
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import type { SheetDocument } from "../src/model/index.js";
import { WarehouseLoader } from "../src/warehouse/load.js";
import { CLI, SAMPLES, runCli, tempDir } from "./helpers/cli.js";

const PG = process.env.SHEET_EXTRACT_TEST_PG;
if (!PG && process.env.REQUIRE_POSTGRES === "1") throw new Error("REQUIRE_POSTGRES=1 but SHEET_EXTRACT_TEST_PG is not set (run under scripts/with-postgres.sh)");

let databases = 0;

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: PG });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A new, empty warehouse of the kind. */
async function freshTarget(kind: "duckdb" | "postgres"): Promise<string> {
  if (kind === "duckdb") return path.join(tempDir(), "warehouse.duckdb");
  const name = `sheet_hostile_${process.pid}_${++databases}`;
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${name}`);
    await c.query(`CREATE DATABASE ${name}`);
  });
  const url = new URL(PG as string);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Documents per load: enough that a load takes seconds, so it can be killed or waited for midway. */
const COPIES = 24;
let folder: string;
let perDocument: { sheets: number; items: number; facts: number };
let shas: string[];

beforeAll(async () => {
  // One extracted document, copied with other input bytes (sha256, ids, name): COPIES documents
  // a load treats as COPIES inputs.
  const first = tempDir();
  const r = await runCli(["extract", path.join(SAMPLES, "ueda-r2.txt"), "--out", first, "--quiet"]);
  expect(r.code, r.stderr).toBe(0);
  const text = fs.readFileSync(path.join(first, "ueda-r2.json"), "utf8");
  const doc = JSON.parse(text) as SheetDocument;
  perDocument = { sheets: doc.sheets.length, items: doc.sheets.reduce((n, s) => n + s.items.length, 0), facts: doc.sheets.reduce((n, s) => n + s.facts.length, 0) };
  folder = tempDir();
  shas = [];
  for (let i = 0; i < COPIES; i++) {
    const sha = createHash("sha256").update(`copy ${i}`).digest("hex");
    shas.push(sha);
    const copy = text.split(doc.source.sha256).join(sha).split(doc.source.sha256.slice(0, 16)).join(sha.slice(0, 16)).replace('"file": "ueda-r2.txt"', `"file": "copy-${i}.txt"`);
    fs.writeFileSync(path.join(folder, `copy-${String(i).padStart(3, "0")}.json`), copy);
  }
}, 120_000);

function startLoad(target: string, extra: string[] = []): { child: ChildProcess; done: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> } {
  const child = spawn(process.execPath, [CLI, "load", folder, "--db", target, ...extra], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (d: string) => (stdout += d));
  child.stderr?.setEncoding("utf8").on("data", (d: string) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once a load into `target` has committed documents (and so holds its lock). */
async function loading(kind: "duckdb" | "postgres", target: string, documents = 3): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (kind === "duckdb") {
      // DuckDB lets no other process in while a load holds the file: its write-ahead log grows by
      // about 90 KB a committed document.
      const wal = `${target}.wal`;
      if (fs.existsSync(wal) && fs.statSync(wal).size > documents * 90_000) return;
    } else {
      const db = new pg.Client({ connectionString: target });
      await db.connect();
      let n = 0;
      try {
        const exists = await db.query(`SELECT to_regclass('public.sheets') AS t`);
        if (exists.rows[0]?.t) n = Number((await db.query(`SELECT COUNT(DISTINCT source_sha256) AS n FROM sheets`)).rows[0]?.n ?? 0);
      } finally {
        await db.end();
      }
      if (n >= documents) return;
    }
    await sleep(50);
  }
  throw new Error("the load never got going");
}

/** Per copy: wholly in, wholly absent, or partly there (which must never be). */
async function wholeOrAbsent(target: string): Promise<{ whole: number; absent: number; partial: string[]; duplicates: number }> {
  const loader = await WarehouseLoader.open(target);
  try {
    let whole = 0;
    let absent = 0;
    const partial: string[] = [];
    for (const sha of shas) {
      const bySheet = `sheet_id IN (SELECT sheet_id FROM sheets WHERE source_sha256 = $1)`;
      const [s] = await loader.query(`SELECT COUNT(*) AS n FROM sheets WHERE source_sha256 = $1`, [sha]);
      const [i] = await loader.query(`SELECT COUNT(*) AS n FROM items WHERE ${bySheet}`, [sha]);
      const [f] = await loader.query(`SELECT COUNT(*) AS n FROM facts WHERE ${bySheet}`, [sha]);
      const got = { sheets: Number(s?.n), items: Number(i?.n), facts: Number(f?.n) };
      if (got.sheets === 0 && got.items === 0 && got.facts === 0) absent++;
      else if (got.sheets === perDocument.sheets && got.items === perDocument.items && got.facts === perDocument.facts) whole++;
      else partial.push(`${sha.slice(0, 8)}: ${JSON.stringify(got)}`);
    }
    const [d] = await loader.query(`SELECT COUNT(*) - COUNT(DISTINCT sheet_id) AS n FROM sheets`);
    return { whole, absent, partial, duplicates: Number(d?.n) };
  } finally {
    await loader.close();
  }
}

describe.each([
  ["duckdb", true],
  ["postgres", Boolean(PG)],
] as const)("%s", (kind, available) => {
  it.skipIf(!available)("a load killed with SIGKILL midway leaves every document wholly in or absent, and a second load completes it", async () => {
    const target = await freshTarget(kind);
    const { child, done } = startLoad(target);
    await loading(kind, target, 1);
    child.kill("SIGKILL");
    const killed = await done;
    expect(killed.signal).toBe("SIGKILL");
    const after = await wholeOrAbsent(target);
    expect(after.partial).toEqual([]);
    // Killed midway: some documents in, some not yet.
    expect(after.whole).toBeGreaterThan(0);
    expect(after.absent).toBeGreaterThan(0);
    const again = await runCli(["load", folder, "--db", target]);
    expect(again.code, again.stderr).toBe(0);
    expect(await wholeOrAbsent(target)).toEqual({ whole: COPIES, absent: 0, partial: [], duplicates: 0 });
  }, 180_000);

  it.skipIf(!available)("a second load waits for the first up to --lock-wait, then stops with DB_LOCKED; one that waits long enough loads, with no duplicates", async () => {
    const target = await freshTarget(kind);
    // The first load, in this process: it holds the database (DuckDB's file lock, PostgreSQL's
    // advisory lock) until it closes.
    const first = await WarehouseLoader.open(target);
    let closed = false;
    try {
      const docs = fs.readdirSync(folder).sort().map((f) => JSON.parse(fs.readFileSync(path.join(folder, f), "utf8")) as SheetDocument);
      for (const doc of docs.slice(0, COPIES / 2)) await first.loadDocument(doc);
      const t0 = performance.now();
      const impatient = await runCli(["load", folder, "--db", target, "--lock-wait", "1"]);
      expect(performance.now() - t0).toBeGreaterThan(1000);
      expect(impatient.code).toBe(1);
      expect(impatient.stderr).toMatch(/DB_LOCKED: .*(held by another process|another load holds).*within 1 s \(--lock-wait\); nothing was loaded/u);
      const patient = startLoad(target, ["--lock-wait", "120"]);
      let exited = false;
      void patient.done.then(() => (exited = true));
      for (const doc of docs.slice(COPIES / 2)) await first.loadDocument(doc);
      await sleep(1500);
      expect(exited).toBe(false);
      await first.close();
      closed = true;
      const b = await patient.done;
      expect(b.code, b.stderr).toBe(0);
      expect(b.stdout).toContain(`${COPIES} documents loaded`);
    } finally {
      if (!closed) await first.close();
    }
    expect(await wholeOrAbsent(target)).toEqual({ whole: COPIES, absent: 0, partial: [], duplicates: 0 });
  }, 240_000);

  it.skipIf(!available)("loads SQL in a field verbatim", async () => {
    const sql = `'; DROP TABLE sheets; -- "x" \\ $1 %_ E'\\\\' ); DELETE FROM facts WHERE ''='`;
    const dir = tempDir();
    const shogai = fs.readFileSync(path.join(SAMPLES, "shogai-h30.txt"), "utf8");
    fs.writeFileSync(path.join(dir, "sql.txt"), shogai.replace("生涯学習の推進と公民館活動の活性化\t", `${sql}\t`).replace("(1) 若者向け講座の新設", `(1) ${sql}`));
    const out = tempDir();
    const target = await freshTarget(kind);
    const r = await runCli(["extract", path.join(dir, "sql.txt"), "--out", out, "--db", target, "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    const loader = await WarehouseLoader.open(target);
    try {
      const rows = await loader.query(`SELECT title FROM sheets WHERE priority = 1`);
      expect(rows.map((row) => row.title)).toEqual([sql]);
      const [item] = await loader.query(`SELECT action FROM items WHERE no = 1 AND action LIKE $1`, ["%DROP TABLE%"]);
      expect(item?.action).toBe(`○公民館講座の充実 (1) ${sql}`);
      expect((await loader.counts()).sheets).toBe(2);
    } finally {
      await loader.close();
    }
  });
});

describe.skipIf(!PG)("a password in a postgres:// URL", () => {
  // Unencoded @ and : in it, as users write them, and its URL-encoded twin.
  const password = "Wh:Secret@77";
  const encoded = encodeURIComponent(password);
  const role = `sheet_pw_${process.pid}`;
  let database: string;
  const urlWith = (pw: string, db = database): string => {
    const u = new URL(PG as string);
    return `postgres://${role}:${pw}@${u.host}/${db}`;
  };
  const leaks = (text: string): string[] => [password, encoded, "Secret", "@77@", "Wrong:Pass@99", "Wrong%3APass%4099", "Pass@", "@99@"].filter((p) => text.includes(p));

  beforeAll(async () => {
    database = `sheet_pw_db_${process.pid}`;
    await admin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${database}`);
      await c.query(`DROP ROLE IF EXISTS ${role}`);
      await c.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
      await c.query(`CREATE DATABASE ${database} OWNER ${role}`);
    });
  });

  it("is in no output of a refused login, of load or of extract --db", async () => {
    for (const pw of ["Wrong:Pass@99", encodeURIComponent("Wrong:Pass@99")]) {
      const out = tempDir();
      const l = await runCli(["load", folder, "--db", urlWith(pw)]);
      expect(l.code).toBe(1);
      expect(l.stderr).toContain("DB_AUTH");
      expect(leaks(l.stdout + l.stderr)).toEqual([]);
      const e = await runCli(["extract", path.join(SAMPLES, "shogai-h30.txt"), "--out", out, "--db", urlWith(pw), "--quiet"]);
      expect(e.code).not.toBe(0);
      expect(e.stderr).toContain("DB_AUTH");
      const written = fs.existsSync(out) ? fs.readdirSync(out).map((f) => fs.readFileSync(path.join(out, f), "utf8")).join("\n") : "";
      expect(leaks(e.stdout + e.stderr + written)).toEqual([]);
    }
  });

  it("is in no output of a load that succeeds, nor in the warehouse", async () => {
    for (const pw of [password, encoded]) {
      const out = tempDir();
      const r = await runCli(["extract", path.join(SAMPLES, "shogai-h30.txt"), "--out", out, "--db", urlWith(pw)]);
      expect(r.code, r.stderr).toBe(0);
      const l = await runCli(["load", out, "--db", urlWith(pw)]);
      expect(l.code, l.stderr).toBe(0);
      expect(l.stdout).toMatch(new RegExp(`→ postgres://${role}:\\*\\*\\*@`, "u"));
      const written = fs.readdirSync(out).map((f) => fs.readFileSync(path.join(out, f), "utf8")).join("\n");
      expect(leaks(r.stdout + r.stderr + l.stdout + l.stderr + written)).toEqual([]);
    }
    const c = new pg.Client({ connectionString: urlWith(encoded) });
    await c.connect();
    let everything = "";
    try {
      for (const t of ["sheets", "items", "facts", "warnings", "sheet_extract_meta"]) everything += JSON.stringify((await c.query(`SELECT * FROM "${t}"`)).rows);
    } finally {
      await c.end();
    }
    expect(everything.length).toBeGreaterThan(1000);
    expect(leaks(everything)).toEqual([]);
  });

  it("is in no message about a URL mistyped for a DuckDB file", async () => {
    const r = await runCli(["load", folder, "--db", `postgress://${role}:${password}@localhost/db`], { cwd: tempDir() });
    expect(r.code).not.toBe(0);
    expect(leaks(r.stdout + r.stderr)).toEqual([]);
  });
});
