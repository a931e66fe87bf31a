// The written outputs against their definitions: the JSON Schema `schema` prints, and the CSV
// tables read back through a real CSV parser.
import { parse } from "fast-csv";
import fs from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { beforeAll, describe, expect, it } from "vitest";
import { columnsOf, SheetDocument, type TableName } from "../src/model/index.js";
import { factRows, itemRows, sheetRows, warningRows } from "../src/export/rows.js";
import { neutralizeFormula } from "../src/export/csv.js";
import { SAMPLES, runCli, tempDir } from "./helpers/cli.js";

const INPUTS = fs.readdirSync(SAMPLES).filter((f) => /\.(txt|pdf)$/.test(f));

let out: string;
beforeAll(async () => {
  out = tempDir();
  const r = await runCli(["extract", SAMPLES, "--out", out, "--format", "json,jsonl,csv", "--quiet"]);
  expect(r.code, r.stderr).toBe(0);
});

function docs(): SheetDocument[] {
  return INPUTS.map((f) =>
    SheetDocument.parse(JSON.parse(fs.readFileSync(path.join(out, `${path.basename(f, path.extname(f))}.json`), "utf8"))),
  );
}

describe("JSON Schema", () => {
  it("validates every output document against the schema the CLI prints", async () => {
    const r = await runCli(["schema"]);
    expect(r.code).toBe(0);
    const ajv = new Ajv2020({ strict: false });
    const validate = ajv.compile(JSON.parse(r.stdout) as object);
    for (const f of INPUTS) {
      const doc = JSON.parse(fs.readFileSync(path.join(out, `${path.basename(f, path.extname(f))}.json`), "utf8")) as unknown;
      expect(validate(doc), `${f}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });

  it("rejects a document that breaks the contract", async () => {
    const r = await runCli(["schema"]);
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(r.stdout) as object);
    const doc = JSON.parse(fs.readFileSync(path.join(out, "ueda-r2.json"), "utf8")) as { sheets: Array<{ items: Array<{ no: unknown }> }> };
    (doc.sheets[0]?.items[0] as { no: unknown }).no = "1";
    expect(validate(doc)).toBe(false);
  });
});

function readCsv(file: string): Promise<{ headers: string[]; rows: Array<Record<string, string>> }> {
  return new Promise((resolve, reject) => {
    const rows: Array<Record<string, string>> = [];
    let headers: string[] = [];
    fs.createReadStream(file)
      .pipe(parse({ headers: true }))
      .on("headers", (h: string[]) => (headers = h))
      .on("data", (row: Record<string, string>) => rows.push(row))
      .on("error", reject)
      .on("end", () => resolve({ headers, rows }));
  });
}

/** A value as the CSV holds it: text that starts like a formula carries a leading ' (for Excel). */
const asCsv = (v: unknown): string => (v === null || v === undefined ? "" : String(neutralizeFormula(v as string | number)));

describe("CSV tables", () => {
  const tables: Array<[TableName, (d: SheetDocument) => Array<Record<string, unknown>>]> = [
    ["sheets", sheetRows],
    ["items", itemRows],
    ["facts", factRows],
    ["warnings", warningRows],
  ];

  it.each(tables)("%s.csv starts with a BOM and uses CRLF row ends", (table) => {
    const bytes = fs.readFileSync(path.join(out, `${table}.csv`));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString("utf8").split("\r\n")[0]).toBe(`\ufeff${columnsOf(table).join(",")}`);
  });

  it.each(tables)("%s.csv reads back to the documents' rows, line breaks included", async (table, rowsOf) => {
    const { headers, rows } = await readCsv(path.join(out, `${table}.csv`));
    expect(headers.map((h) => h.replace(/^\ufeff/, ""))).toEqual(columnsOf(table));
    const want = docs()
      .sort((a, b) => (a.source.file < b.source.file ? -1 : 1))
      .flatMap((d) => rowsOf(d))
      .map((r) => Object.fromEntries(columnsOf(table).map((c) => [c, asCsv(r[c])])));
    const got = rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.replace(/^\ufeff/, ""), v])));
    expect(got).toEqual(want);
    if (table === "items") expect(got.some((r) => (r.action ?? "").includes("\n"))).toBe(true);
  });
});
