// Loading into DuckDB (a file) and PostgreSQL (a real server, from scripts/with-postgres.sh, which
// sets SHEET_EXTRACT_TEST_PG): row counts and typed values read back, loading twice, replacement,
// rollback on failure, schema checks, clear errors. Without SHEET_EXTRACT_TEST_PG the PostgreSQL
// half is skipped, unless REQUIRE_POSTGRES=1 (as .ci/run sets it) makes that a failure.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { SheetDocument } from "../src/model/index.js";
import { WarehouseLoader } from "../src/warehouse/load.js";
import { SAMPLES, runCli, tempDir } from "./helpers/cli.js";

const PG = process.env.SHEET_EXTRACT_TEST_PG;
if (!PG && process.env.REQUIRE_POSTGRES === "1") throw new Error("REQUIRE_POSTGRES=1 but SHEET_EXTRACT_TEST_PG is not set (run under scripts/with-postgres.sh)");

let pgDatabases = 0;

/** A new, empty warehouse of the kind. */
async function freshTarget(kind: "duckdb" | "postgres"): Promise<string> {
  if (kind === "duckdb") return path.join(tempDir(), "warehouse.duckdb");
  const url = new URL(PG as string);
  const name = `sheet_test_${process.pid}_${++pgDatabases}`;
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  url.pathname = `/${name}`;
  return url.toString();
}

let out: string;
let docs: SheetDocument[];

beforeAll(async () => {
  out = tempDir();
  const inputs = ["ueda-r2.txt", "kosodate-r4.txt", "shogai-h30.txt", "toshi-r5-cid-rksj.pdf"].map((f) => path.join(SAMPLES, f));
  const r = await runCli(["extract", ...inputs, "--out", out, "--quiet"]);
  expect(r.code, r.stderr).toBe(0);
  docs = fs
    .readdirSync(out)
    .filter((f) => f.endsWith(".json") && !f.startsWith("."))
    .map((f) => SheetDocument.parse(JSON.parse(fs.readFileSync(path.join(out, f), "utf8"))));
});

const totals = (): { sheets: number; items: number; facts: number; warnings: number } => ({
  warnings: docs.reduce((n, d) => n + d.warnings.length, 0),
  sheets: docs.reduce((n, d) => n + d.sheets.length, 0),
  items: docs.reduce((n, d) => n + d.sheets.reduce((m, s) => m + s.items.length, 0), 0),
  facts: docs.reduce((n, d) => n + d.sheets.reduce((m, s) => m + s.facts.length, 0), 0),
});

async function withLoader<T>(target: string, fn: (l: WarehouseLoader) => Promise<T>): Promise<T> {
  const loader = await WarehouseLoader.open(target);
  try {
    return await fn(loader);
  } finally {
    await loader.close();
  }
}

/** Every row of the three tables, as text, in key order: for comparing whole databases. */
async function dump(loader: WarehouseLoader): Promise<string> {
  const parts: string[] = [];
  for (const [table, order] of [
    ["sheets", `"sheet_id"`],
    ["items", `"sheet_id", "no"`],
    ["facts", `"sheet_id", "field", "ordinal"`],
    ["warnings", `"source_sha256", "ordinal"`],
  ] as const) {
    const rows = await loader.query(`SELECT * FROM "${table}" ORDER BY ${order}`);
    parts.push(JSON.stringify(rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === null || v === undefined ? null : String(v)])))));
  }
  return parts.join("\n");
}

describe("schema --sql", () => {
  it.each(["duckdb", "postgres"])("prints the %s DDL of the three tables from the model", async (dialect) => {
    const r = await runCli(["schema", "--sql", dialect]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`CREATE TABLE IF NOT EXISTS "sheets"`);
    expect(r.stdout).toMatch(/"fiscal_year" INTEGER,/);
    expect(r.stdout).toMatch(/"value" NUMERIC\(38, 6\),/);
    expect(r.stdout).toMatch(/"date" DATE,\n\s+"start_date" DATE,\n\s+"end_date" DATE,/);
    expect(r.stdout).toContain(`CREATE TABLE IF NOT EXISTS "warnings"`);
    expect(r.stdout).toContain(`PRIMARY KEY ("source_sha256", "ordinal")`);
    expect(r.stdout).toContain(`PRIMARY KEY ("sheet_id", "no")`);
    expect(r.stdout).toContain(`PRIMARY KEY ("sheet_id", "field", "ordinal")`);
  });
});

describe.each([
  ["duckdb", true],
  ["postgres", Boolean(PG)],
] as const)("loading into %s", (kind, available) => {
  it.skipIf(!available)("loads every document with typed values and the right counts", async () => {
    const target = await freshTarget(kind);
    const r = await runCli(["load", out, "--db", target]);
    expect(r.code, r.stderr).toBe(0);
    const t = totals();
    expect(r.stdout).toContain(`${docs.length} documents loaded: ${t.sheets} sheets, ${t.items} items, ${t.facts} facts`);
    await withLoader(target, async (db) => {
      expect(await db.counts()).toEqual(t);
      const [money] = await db.query(`SELECT "value", "unit", "comparator" FROM "facts" WHERE "kind" = 'money' AND "text" = '455,068,122円'`);
      expect(Number(money?.value)).toBe(455068122);
      expect(money?.unit).toBe("円");
      const [month] = await db.query(`SELECT CAST("date" AS TEXT) AS d, "date_precision" AS p FROM "facts" WHERE "kind" = 'date' AND "text" = 'R2.12月'`);
      expect(month).toEqual({ d: "2020-12-01", p: "month" });
      // No column needs quoting: start and end are start_date and end_date.
      const [period] = await db.query(`SELECT CAST(start_date AS TEXT) AS s, CAST(end_date AS TEXT) AS e FROM facts WHERE kind = 'period' AND text = '8月から12月'`);
      expect(period).toEqual({ s: "2020-08-01", e: "2020-12-31" });
      // Real types: arithmetic on dates and numbers works in SQL.
      const [span] = await db.query(`SELECT (end_date - start_date) AS days FROM facts WHERE kind = 'period' AND text = '8月から12月'`);
      expect(Number(span?.days)).toBe(152);
      const [fy] = await db.query(`SELECT "fiscal_year" + 1 AS next FROM "sheets" WHERE "source_file" = 'ueda-r2.txt' AND "priority" = 1`);
      expect(Number(fy?.next)).toBe(2021);
    });
  });

  it.skipIf(!available)("leaves the same rows when the same output is loaded twice", async () => {
    const target = await freshTarget(kind);
    await runCli(["load", out, "--db", target]);
    const first = await withLoader(target, dump);
    const again = await runCli(["load", out, "--db", target]);
    expect(again.code).toBe(0);
    expect(await withLoader(target, dump)).toBe(first);
  });

  it.skipIf(!available)("replaces a re-extracted document's rows, and rolls a failed load back", async () => {
    const target = await freshTarget(kind);
    const doc = docs.find((d) => d.source.file === "shogai-h30.txt") as SheetDocument;
    await withLoader(target, async (db) => {
      await db.loadDocument(doc);
      // Re-extracted with fewer facts (say, by a newer version): the old ones go.
      const fewer = structuredClone(doc);
      (fewer.sheets[0] as SheetDocument["sheets"][number]).facts = [];
      await db.loadDocument(fewer);
      const [n] = await db.query(`SELECT COUNT(*) AS n FROM "facts" WHERE "sheet_id" = $1`, [doc.sheets[0]?.id]);
      expect(Number(n?.n)).toBe(0);
      const before = await dump(db);
      // A document that breaks a key fails whole, and what was there stays.
      const broken = structuredClone(doc);
      const sheet = broken.sheets[0] as SheetDocument["sheets"][number];
      sheet.items.push({ ...(sheet.items[0] as SheetDocument["sheets"][number]["items"][number]) });
      await expect(db.loadDocument(broken)).rejects.toMatchObject({ code: "DB_LOAD_FAILED" });
      expect(await dump(db)).toBe(before);
    });
  });

  it.skipIf(!available)("refuses a database made by another schemaVersion and changes nothing", async () => {
    const target = await freshTarget(kind);
    await runCli(["load", out, "--db", target]);
    await withLoader(target, (db) => db.query(`UPDATE "sheet_extract_meta" SET "value" = '0' WHERE "key" = 'schemaVersion'`));
    const r = await runCli(["load", out, "--db", target]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("DB_SCHEMA_MISMATCH");
    expect(r.stderr).toContain("schemaVersion 0");
    expect(r.stderr).toContain("Nothing was changed");
  });

  it.skipIf(!available)("loads a document's warnings and replaces them when it is loaded again", async () => {
    const target = await freshTarget(kind);
    const dir = tempDir();
    const fixture = path.join(import.meta.dirname, "fixtures", "warnings", "extra-column-end.txt");
    const r = await runCli(["extract", fixture, "--out", dir, "--quiet", "--db", target]);
    expect(r.code, r.stderr).toBe(0);
    const doc = SheetDocument.parse(JSON.parse(fs.readFileSync(path.join(dir, "extra-column-end.json"), "utf8")));
    await withLoader(target, async (db) => {
      const rows = await db.query(`SELECT source_file, code, line, message FROM warnings ORDER BY ordinal`);
      expect(rows.map((w) => [w.source_file, w.code, Number(w.line)])).toEqual([
        ["extra-column-end.txt", "UNASSIGNED_TEXT", 12],
        ["extra-column-end.txt", "UNASSIGNED_TEXT", 13],
      ]);
      expect(String(rows[0]?.message)).toContain("公民館係");
      const fixed = structuredClone(doc);
      fixed.warnings = [];
      await db.loadDocument(fixed);
      expect((await db.counts()).warnings).toBe(0);
    });
  });

  it.skipIf(!available)("upgrades a schemaVersion 1 warehouse in place, keeping its rows", async () => {
    const target = await freshTarget(kind);
    await runCli(["load", out, "--db", target]);
    // What version 1 made: facts."start"/"end", no warnings table, no sheets.ocr.
    await withLoader(target, async (db) => {
      await db.query(`ALTER TABLE "facts" RENAME COLUMN "start_date" TO "start"`);
      await db.query(`ALTER TABLE "facts" RENAME COLUMN "end_date" TO "end"`);
      await db.query(`DROP TABLE "warnings"`);
      // DuckDB drops no column after an indexed one: the index goes and comes back, as it stood.
      await db.query(`DROP INDEX "sheets_source_sha256"`);
      await db.query(`ALTER TABLE "sheets" DROP COLUMN "ocr"`);
      await db.query(`CREATE INDEX "sheets_source_sha256" ON "sheets" ("source_sha256")`);
      await db.query(`UPDATE "sheet_extract_meta" SET "value" = '1' WHERE "key" = 'schemaVersion'`);
    });
    const before = totals();
    const dir = tempDir();
    const fixture = path.join(import.meta.dirname, "fixtures", "warnings", "item-gap.txt");
    const r = await runCli(["extract", fixture, "--out", dir, "--quiet", "--db", target]);
    expect(r.code, r.stderr).toBe(0);
    await withLoader(target, async (db) => {
      const counts = await db.counts();
      expect(counts.warnings).toBe(1);
      expect(counts.sheets).toBe(before.sheets + 2);
      const [version] = await db.query(`SELECT value FROM sheet_extract_meta WHERE key = 'schemaVersion'`);
      expect(version?.value).toBe("3");
      const [period] = await db.query(`SELECT CAST(end_date AS TEXT) AS e FROM facts WHERE kind = 'period' AND text = '8月から12月'`);
      expect(period?.e).toBe("2020-12-31");
    });
  });

  it.skipIf(!available)("upgrades a schemaVersion 2 warehouse in place: sheets gain ocr, false for the rows it had", async () => {
    const target = await freshTarget(kind);
    await runCli(["load", out, "--db", target]);
    await withLoader(target, async (db) => {
      // DuckDB drops no column after an indexed one: the index goes and comes back, as it stood.
      await db.query(`DROP INDEX "sheets_source_sha256"`);
      await db.query(`ALTER TABLE "sheets" DROP COLUMN "ocr"`);
      await db.query(`CREATE INDEX "sheets_source_sha256" ON "sheets" ("source_sha256")`);
      await db.query(`UPDATE "sheet_extract_meta" SET "value" = '2' WHERE "key" = 'schemaVersion'`);
    });
    const before = totals();
    const dir = tempDir();
    const r = await runCli(["extract", path.join(import.meta.dirname, "fixtures", "warnings", "item-gap.txt"), "--out", dir, "--quiet", "--db", target]);
    expect(r.code, r.stderr).toBe(0);
    await withLoader(target, async (db) => {
      const [version] = await db.query(`SELECT value FROM sheet_extract_meta WHERE key = 'schemaVersion'`);
      expect(version?.value).toBe("3");
      const rows = await db.query(`SELECT ocr, COUNT(*) AS n FROM sheets GROUP BY ocr`);
      expect(rows.map((x) => [x.ocr, Number(x.n)])).toEqual([[false, before.sheets + 2]]);
    });
  });

  it.skipIf(!available)("runs the README's example queries", async () => {
    const target = await freshTarget(kind);
    await runCli(["load", out, "--db", target]);
    const readme = fs.readFileSync(path.join(import.meta.dirname, "..", "README.md"), "utf8");
    const queries = [...readme.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => (m[1] as string).trim().replace(/;$/, ""));
    expect(queries).toHaveLength(2);
    await withLoader(target, async (db) => {
      const [money, below] = [await db.query(queries[0] as string), await db.query(queries[1] as string)];
      expect(money.map((r) => [Number(r.fiscal_year), r.department])).toContainEqual([2020, "市民まちづくり推進部 上田地域自治センター"]);
      const sum = money.find((r) => Number(r.fiscal_year) === 2020);
      expect(Number(sum?.yen)).toBe(docs.filter((d) => d.fiscalYear === 2020).flatMap((d) => d.sheets.flatMap((sh) => sh.facts)).filter((f) => f.kind === "money").reduce((n, f) => n + ("value" in f ? f.value : 0), 0));
      // 面談実施率１００％ targeted, ９９．２％ reached: the one item below its target in these samples.
      expect(below.map((r) => [r.source_file, r.target, r.final_report])).toEqual([["kosodate-r4.txt", "１００％", "９９．２％"]]);
    });
  });

  it.skipIf(!available)("loads as it extracts with extract --db", async () => {
    const target = await freshTarget(kind);
    const dir = tempDir();
    const r = await runCli(["extract", path.join(SAMPLES, "kosodate-r4.txt"), path.join(SAMPLES, "shogai-h30.txt"), "--out", dir, "--db", target, "--quiet"]);
    expect(r.code, r.stderr).toBe(0);
    await withLoader(target, async (db) => {
      expect((await db.counts()).sheets).toBe(4);
    });
  });
});

describe("warehouse errors", () => {
  it("names an unreachable PostgreSQL server", async () => {
    const r = await runCli(["load", out, "--db", "postgres://someone:secret@127.0.0.1:1/nowhere"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("DB_UNREACHABLE");
    expect(r.stderr).toContain("127.0.0.1:1");
    expect(r.stderr).not.toContain("secret");
  });

  it.skipIf(!PG)("names wrong credentials without printing the password", async () => {
    const url = new URL(PG as string);
    url.password = "not-the-password";
    const r = await runCli(["load", out, "--db", url.toString()]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("DB_AUTH");
    expect(r.stderr).not.toContain("not-the-password");
  });

  it("does not touch a table it did not create", async () => {
    const target = path.join(tempDir(), "other.duckdb");
    const { DuckDBInstance } = await import("@duckdb/node-api");
    const instance = await DuckDBInstance.create(target);
    const c = await instance.connect();
    await c.run(`CREATE TABLE sheets (x INTEGER); INSERT INTO sheets VALUES (42);`);
    c.closeSync();
    instance.closeSync();
    const r = await runCli(["load", out, "--db", target]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`already has a table "sheets"`);
    const again = await DuckDBInstance.create(target);
    const c2 = await again.connect();
    expect((await c2.runAndReadAll("SELECT x FROM sheets")).getRowObjectsJS()).toEqual([{ x: 42 }]);
    c2.closeSync();
    again.closeSync();
  });

  it("requires --db and one folder", async () => {
    expect((await runCli(["load", out])).code).toBe(2);
    expect((await runCli(["load", "--db", "x.duckdb"])).code).toBe(2);
  });
});
