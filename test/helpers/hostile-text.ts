// A seeded corpus of hostile text and file-system inputs (#28), beside good documents: runs of every
// character class the normalizers read, a 50 MB token as a dump and as a cell, a line of 90,000
// tabs, a field over the limit, UTF-16 without a BOM, binary bytes; symbolic links that loop, lead
// nowhere or out of the folder, names that are not UTF-8 or hold a newline, an escape sequence or
// markup. Each case says what it must end in: a document, or an error code. Made by
// scripts/make-hostile-text-corpus.ts for a batch by hand, and by test/hostile-text.test.ts.
import fs from "node:fs";
import path from "node:path";
import { prng } from "./mutants.js";

export interface HostileCase {
  /** Path under the corpus's `in/` folder, as the batch shows it ('/'-separated, escaped as errors.jsonl shows it). */
  shown: string;
  /** "document": a document is written; otherwise the error code the file must end in. */
  expect: "document" | "READ_FAILED" | "LINK_OUTSIDE_INPUT" | "TOO_LARGE" | "UNSUPPORTED_FORMAT";
  why: string;
}

export interface HostileCorpus {
  /** The folder to extract (good documents, hostile texts and file-system cases). */
  inputs: string;
  /** The good documents alone, in a folder of their own, for a batch without the hostile inputs. */
  goodOnly: string;
  /** Output names of the good documents (the same in both batches). */
  goodNames: string[];
  cases: HostileCase[];
}

/** Character classes the patterns read, as the units a run repeats. */
export const RUN_CLASSES: Array<[string, string]> = [
  ["ascii-digits", "1"],
  ["zenkaku-digits", "１"],
  ["kanji-numerals", "一"],
  ["daiji", "壱"],
  ["units", "十万"],
  ["spaces", " "],
  ["ideographic-spaces", "\u3000"],
  ["punctuation", "、。，．"],
  ["era-letters", "R"],
  ["spaced-digits", "1 "],
  ["months", "4月"],
  ["counts", "1回"],
  ["markup", "<p>"],
  ["markers", "①"],
];

export interface CorpusOptions {
  seed?: number;
  /** Length of each run, characters. Default 50,000 (under the 100,000 a cell may hold). */
  runChars?: number;
  /** Size of the huge token, MiB. Default 50. */
  tokenMb?: number;
}

const SAMPLES = path.join(import.meta.dirname, "..", "..", "samples");

export function makeHostileTextCorpus(dir: string, options: CorpusOptions = {}): HostileCorpus {
  // The mutants' seeded generator: the corpus is the same bytes for the same seed.
  const rnd = prng(options.seed ?? 28);
  const runChars = options.runChars ?? 50_000;
  const tokenBytes = (options.tokenMb ?? 50) * 2 ** 20;
  const inputs = path.join(dir, "in");
  const goodOnly = path.join(dir, "good-only");
  const outside = path.join(dir, "outside");
  const cases: HostileCase[] = [];
  for (const d of [path.join(inputs, "good"), path.join(inputs, "text"), path.join(inputs, "fs", "sub"), goodOnly, path.join(outside, "folder")]) {
    fs.mkdirSync(d, { recursive: true });
  }

  // Good documents, in the batch and alone.
  const goodFiles = ["shogai-h30.txt", "kosodate-r4.txt", "sanada-h25.txt", "toshi-r5-cid-rksj.pdf"];
  for (const f of goodFiles) {
    fs.copyFileSync(path.join(SAMPLES, f), path.join(inputs, "good", f));
    fs.copyFileSync(path.join(SAMPLES, f), path.join(goodOnly, f));
  }
  const shogai = fs.readFileSync(path.join(SAMPLES, "shogai-h30.txt"), "utf8");
  const ueda = fs.readFileSync(path.join(SAMPLES, "ueda-r2.txt"), "utf8");
  const text = (name: string, body: string | Buffer, expect: HostileCase["expect"], why: string): void => {
    fs.writeFileSync(path.join(inputs, "text", name), body);
    cases.push({ shown: `text/${name}`, expect, why });
  };

  // Runs of each class in a title, a paragraph or an action (taking turns), ending in a letter.
  const places: Array<[string, (run: string) => string]> = [
    ["title", (run) => shogai.replace("生涯学習の推進と公民館活動の活性化\t", `${run}\t`)],
    ["situation", (run) => shogai.replace("誰もが学び続けられる環境をつくり、地域の担い手を育てます。", run)],
    ["action", (run) => shogai.replace("○公民館講座の充実 (1) 若者向け講座の新設", run)],
  ];
  RUN_CLASSES.forEach(([name, unit], i) => {
    const [place, put] = places[i % places.length] as [string, (run: string) => string];
    const run = `${unit.repeat(Math.ceil(runChars / unit.length)).slice(0, runChars)}x`;
    text(`run-${name}-in-${place}.txt`, put(run), "document", `${runChars} characters of ${name} in the ${place}: linear, a document`);
  });
  // A mixed run: the classes interleaved at random (seeded).
  const units = RUN_CLASSES.map(([, u]) => u);
  let mixed = "";
  while (mixed.length < runChars) mixed += units[Math.floor(rnd() * units.length)] as string;
  text("run-mixed-in-situation.txt", places[1]?.[1](mixed.slice(0, runChars)) ?? "", "document", "the classes mixed at random");
  // Issue #28's stall: a 76 KB dump whose title cell is 10,000 digits and a letter.
  {
    const i = ueda.indexOf("重点目標\t") + "重点目標\t".length;
    text("title-10000-digits.txt", `${ueda.slice(0, i)}${"1".repeat(10_000)}x${ueda.slice(ueda.indexOf("\t", i))}`, "document", "10,000 digits and a letter in the title (stalled a batch for minutes)");
  }
  // One huge token, as the whole dump and as one cell of a sheet.
  text("token-50mb.txt", Buffer.alloc(tokenBytes, "a"), "TOO_LARGE", "one 50 MB token, no white space or line break (ended in INTERNAL: Maximum call stack size exceeded)");
  {
    const at = "誰もが学び続けられる環境をつくり、地域の担い手を育てます。";
    const [before, after] = [shogai.slice(0, shogai.indexOf(at)), shogai.slice(shogai.indexOf(at) + at.length)];
    const token = "あ".repeat(Math.floor(tokenBytes / 3));
    fs.writeFileSync(path.join(inputs, "text", "cell-50mb.txt"), Buffer.concat([Buffer.from(before), Buffer.from(token), Buffer.from(after)]));
    cases.push({ shown: "text/cell-50mb.txt", expect: "TOO_LARGE", why: "a 50 MB token as one cell of a sheet" });
  }
  text("tabs-90000.txt", shogai.replace("① ○公民館講座の充実", `①${"\t".repeat(90_000)}x`), "document", "a line of 90,000 tabs in an item row (90,000 cells)");
  text(
    "field-over-limit.txt",
    shogai.replace("② ○利用しやすい施設づくり", `${Array.from({ length: 30 }, () => `\t${"延べ".repeat(2_500)}`).join("\n")}\n② ○利用しやすい施設づくり`),
    "TOO_LARGE",
    "30 rows continuing one field to 150,000 characters: no printed field is that long",
  );
  text("utf16le-no-bom.txt", Buffer.from(shogai.replace(/^\uFEFF/, ""), "utf16le"), "document", "UTF-16LE without a BOM (was called binary)");
  text("utf16be-no-bom.txt", Buffer.from(shogai.replace(/^\uFEFF/, ""), "utf16le").swap16(), "document", "UTF-16BE without a BOM");
  {
    const bytes = Buffer.alloc(4096);
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(rnd() * 256);
    bytes[0] = 0x41;
    bytes[1] = 0x00;
    text("binary.txt", bytes, "UNSUPPORTED_FORMAT", "random bytes with NULs under a .txt name");
  }

  // The file system.
  const fsDir = path.join(inputs, "fs");
  const link = (name: string | Buffer, target: string, expect: HostileCase["expect"] | undefined, shown: string, why: string): void => {
    fs.symlinkSync(target, typeof name === "string" ? path.join(fsDir, name) : Buffer.concat([Buffer.from(`${fsDir}/`), name]));
    if (expect) cases.push({ shown: `fs/${shown}`, expect, why });
  };
  const file = (name: string | Buffer, body: string, shown: string, why: string): void => {
    fs.writeFileSync(typeof name === "string" ? path.join(fsDir, name) : Buffer.concat([Buffer.from(`${fsDir}/`), name]), body);
    cases.push({ shown: `fs/${shown}`, expect: "document", why });
  };
  fs.writeFileSync(path.join(outside, "secret.txt"), "root:x:0:0 重点目標 not to be read\n");
  fs.writeFileSync(path.join(outside, "folder", "other.txt"), shogai);
  link("loop.txt", "loop.txt", "READ_FAILED", "loop.txt", "a symbolic link to itself (ELOOP aborted the run)");
  link("loop-a.pdf", "loop-b.pdf", "READ_FAILED", "loop-a.pdf", "two links to each other");
  link("loop-b.pdf", "loop-a.pdf", "READ_FAILED", "loop-b.pdf", "two links to each other");
  link("broken.txt", "nowhere.txt", "READ_FAILED", "broken.txt", "a link to nothing");
  link("secret.txt", path.join(outside, "secret.txt"), "LINK_OUTSIDE_INPUT", "secret.txt", "a link out of the folder given (was followed, to /etc/shadow as root)");
  link("outside-folder", path.join(outside, "folder"), "LINK_OUTSIDE_INPUT", "outside-folder", "a folder link out of the folder given");
  link("sub/up", "..", undefined, "sub/up", "a folder link to its parent: read once, no error");
  link("alias.txt", "../good/shogai-h30.txt", "document", "alias.txt", "a link inside the folder given is followed");
  file(Buffer.from("83658358836728e4bd8e29" + "2e747874", "hex"), ueda, "\\x83e\\x83X\\x83g(低).txt", "a Shift_JIS name (テスト) with UTF-8 in it: read, shown escaped");
  file("new\nline.txt", ueda, "new\\nline.txt", "a newline in a name: one line in errors.jsonl, stderr and the output name");
  file("\u001b[31mred.txt", ueda, "\\x1b[31mred.txt", "an escape sequence in a name");
  file(`<img src=x onerror=alert(1)>"'.txt`, ueda, `<img src=x onerror=alert(1)>"'.txt`, "markup and quotes in a name (the review page escapes them)");

  const goodNames = goodFiles.map((f) => path.basename(f, path.extname(f)));
  return { inputs, goodOnly, goodNames, cases };
}
