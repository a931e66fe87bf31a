// Seeded mutants of PDFs, as a fuzzer makes them: byte flips, truncation, a broken xref, zeroed
// runs, and damage aimed at one part of the file's structure (a content stream, a font, the xref
// table, an object's number, an object deleted or doubled, a stream's length). The same seed gives
// the same bytes, so every mutant is a regression fixture that needs no binary in the repository
// (scripts/mutate-pdfs.ts writes them to a folder for a batch run; scripts/damaged-survey.ts runs a
// few hundred and reports the ones read differently with no warning).

/** The four kinds test/damaged.test.ts has run since it was written (its 135 mutants). */
export type BlindKind = "flip" | "truncate" | "xref" | "zero";
/** Damage aimed at a part of the file's structure. */
export type AimedKind =
  | "content-flip"
  | "content-zero"
  | "font-flip"
  | "stream-flip"
  | "xref-flip"
  | "objnum"
  | "delete"
  | "duplicate"
  | "length";
export type MutationKind = BlindKind | AimedKind;
export const MUTATION_KINDS: readonly BlindKind[] = ["flip", "truncate", "xref", "zero"];
export const AIMED_KINDS: readonly AimedKind[] = ["content-flip", "content-zero", "font-flip", "stream-flip", "xref-flip", "objnum", "delete", "duplicate", "length"];
export const ALL_KINDS: readonly MutationKind[] = [...MUTATION_KINDS, ...AIMED_KINDS];

/** mulberry32: a small, fast, seedable PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An indirect object of a file: where it starts and ends, and its stream's data if it has one. */
export interface PdfObjectSpan {
  num: number;
  /** Offset of "N G obj" and just past "endobj". */
  start: number;
  end: number;
  /** The dictionary's text (latin1), for telling what the object is. */
  dict: string;
  /** Offsets of the stream's data (after "stream" and its line end, up to "endstream"). */
  data?: { start: number; end: number };
}

/** The objects of a file written without object streams, found by their "N G obj" headers. */
export function objectSpans(bytes: Uint8Array): PdfObjectSpan[] {
  const text = Buffer.from(bytes).toString("latin1");
  const spans: PdfObjectSpan[] = [];
  const header = /(?<![0-9])(\d+) (\d+) obj\b/g;
  for (let m = header.exec(text); m; m = header.exec(text)) {
    const start = m.index;
    const end = text.indexOf("endobj", header.lastIndex);
    if (end < 0) break;
    const body = text.slice(header.lastIndex, end);
    const streamAt = body.search(/\bstream\r?\n/);
    const span: PdfObjectSpan = { num: Number(m[1]), start, end: end + "endobj".length, dict: streamAt >= 0 ? body.slice(0, streamAt) : body };
    if (streamAt >= 0) {
      const dataStart = header.lastIndex + streamAt + (/^stream\r\n/.test(body.slice(streamAt)) ? 8 : 7);
      const dataEnd = text.lastIndexOf("endstream", end);
      if (dataEnd > dataStart) span.data = { start: dataStart, end: dataEnd };
    }
    spans.push(span);
    header.lastIndex = end;
  }
  return spans;
}

/** Object numbers the pages name as their content streams. */
function contentNumbers(spans: PdfObjectSpan[]): Set<number> {
  const out = new Set<number>();
  for (const s of spans) {
    const m = /\/Contents\s*(?:(\d+) \d+ R|\[([^\]]*)\])/.exec(s.dict);
    if (!m) continue;
    if (m[1]) out.add(Number(m[1]));
    for (const r of (m[2] ?? "").matchAll(/(\d+) \d+ R/g)) out.add(Number(r[1]));
  }
  return out;
}

/** Object numbers of embedded font programs. */
function fontNumbers(spans: PdfObjectSpan[]): Set<number> {
  const out = new Set<number>();
  for (const s of spans) for (const r of s.dict.matchAll(/\/FontFile[23]?\s+(\d+) \d+ R/g)) out.add(Number(r[1]));
  return out;
}

export function mutate(source: Uint8Array, kind: MutationKind, seed: number): Uint8Array {
  const random = prng(seed);
  const at = (max: number): number => Math.floor(random() * max);
  const out = new Uint8Array(source);
  const pick = <T>(list: T[]): T | undefined => (list.length === 0 ? undefined : list[at(list.length)]);
  /** A few bytes of `range` get random values. */
  const flipIn = (range: { start: number; end: number } | undefined, most: number): Uint8Array => {
    if (!range || range.end <= range.start) return out;
    const n = 1 + at(most);
    for (let i = 0; i < n; i++) out[range.start + at(range.end - range.start)] = at(256);
    return out;
  };
  const streamsOf = (numbers: Set<number> | undefined): PdfObjectSpan[] =>
    objectSpans(source).filter((s) => s.data && (!numbers || numbers.has(s.num)));
  switch (kind) {
    case "flip": {
      // A few bytes anywhere get random values (a bad sector, a transfer error).
      const n = 1 + at(16);
      for (let i = 0; i < n; i++) out[at(out.length)] = at(256);
      return out;
    }
    case "truncate":
      // A download cut short: 5–95 % of the file.
      return out.slice(0, Math.floor(out.length * (0.05 + 0.9 * random())));
    case "xref": {
      // startxref or the xref table's offsets garbled: pdf.js has to rebuild the index.
      const text = Buffer.from(out).toString("latin1");
      const start = text.lastIndexOf("startxref");
      const xref = text.lastIndexOf("xref", start - 1);
      const from = random() < 0.5 && start >= 0 ? start + 10 : Math.max(0, xref);
      for (let i = 0; i < 40 && from + i < out.length; i++) {
        const c = out[from + i] as number;
        if (c >= 0x30 && c <= 0x39) out[from + i] = 0x30 + at(10);
      }
      return out;
    }
    case "zero": {
      // A run of 64 bytes to 4 KiB zeroed (a torn write).
      const length = 64 + at(4032);
      const from = at(Math.max(1, out.length - length));
      out.fill(0, from, from + length);
      return out;
    }
    case "content-flip":
      // A few bytes of a page's content stream.
      return flipIn(pick(streamsOf(contentNumbers(objectSpans(source))))?.data, 8);
    case "content-zero": {
      // A run of 16 bytes to 1 KiB zeroed inside a page's content stream.
      const data = pick(streamsOf(contentNumbers(objectSpans(source))))?.data;
      if (!data) return out;
      const length = Math.min(data.end - data.start, 16 + at(1008));
      const from = data.start + at(Math.max(1, data.end - data.start - length));
      out.fill(0, from, from + length);
      return out;
    }
    case "font-flip":
      return flipIn(pick(streamsOf(fontNumbers(objectSpans(source))))?.data, 8);
    case "stream-flip":
      return flipIn(pick(streamsOf(undefined))?.data, 8);
    case "xref-flip": {
      // Any bytes of the xref table's rows (not only digits).
      const text = Buffer.from(source).toString("latin1");
      const start = text.lastIndexOf("\nxref");
      const trailer = text.indexOf("trailer", start);
      return start < 0 || trailer < 0 ? out : flipIn({ start: start + 6, end: trailer }, 6);
    }
    case "objnum": {
      // One digit of an object's number in its header ("12 0 obj" → "17 0 obj").
      const span = pick(objectSpans(source));
      if (!span) return out;
      const digits = String(span.num).length;
      const i = span.start + at(digits);
      const was = out[i] as number;
      out[i] = 0x30 + ((was - 0x30 + 1 + at(9)) % 10);
      return out;
    }
    case "delete": {
      // An object cut out of the file (everything after it moves: the xref is stale too).
      const span = pick(objectSpans(source));
      if (!span) return out;
      return Uint8Array.from([...source.subarray(0, span.start), ...source.subarray(span.end)]);
    }
    case "duplicate": {
      // An object written twice: a copy of another object under its number, after it, as an editor's
      // botched incremental save would (the xref still points at the first).
      const spans = objectSpans(source);
      const target = pick(spans);
      const other = pick(spans.filter((s) => s !== target && s.data === undefined === (target?.data === undefined)));
      if (!target || !other) return out;
      const copy = Buffer.from(Buffer.from(source.subarray(other.start, other.end)).toString("latin1").replace(/^\d+ \d+ obj/, `${target.num} 0 obj`), "latin1");
      return Uint8Array.from([...source.subarray(0, target.end), 0x0a, ...copy, ...source.subarray(target.end)]);
    }
    case "length": {
      // A stream's /Length set to another number.
      const span = pick(streamsOf(undefined));
      if (!span) return out;
      const text = Buffer.from(source).toString("latin1");
      const m = /\/Length (\d+)(?! \d+ R)/.exec(text.slice(span.start, span.start + span.dict.length + 40));
      if (!m) return out;
      const was = Number(m[1]);
      const now = String(Math.max(0, Math.round(was * (0.5 + random())))).padStart(m[1]!.length, "0").slice(-m[1]!.length);
      const i = span.start + m.index + "/Length ".length;
      for (let k = 0; k < now.length; k++) out[i + k] = now.charCodeAt(k);
      return out;
    }
  }
}

/**
 * `count` mutants of each source, `kinds` in turn (default the four blind ones), seeds 1…, each
 * seed offset by `seedBase` (0 for the set test/damaged.test.ts has always run): [name, bytes].
 */
export function mutants(
  sources: Array<[string, Uint8Array]>,
  count: number,
  { kinds = MUTATION_KINDS, seedBase = 0 }: { kinds?: readonly MutationKind[]; seedBase?: number } = {},
): Array<[string, Uint8Array]> {
  const out: Array<[string, Uint8Array]> = [];
  for (const [name, bytes] of sources) {
    for (let i = 0; i < count; i++) {
      const kind = kinds[i % kinds.length] as MutationKind;
      const seed = seedBase + i + 1;
      out.push([`${name.replace(/\.pdf$/, "")}-${kind}-${seed}.pdf`, mutate(bytes, kind, seed * 7919 + name.length)]);
    }
  }
  return out;
}

/** The sample a mutant was made from, and its kind: "ueda-r2-calc-content-flip-12.pdf" → ["ueda-r2-calc", "content-flip"]. */
export function mutantOrigin(file: string): [string, MutationKind] | undefined {
  const m = new RegExp(`^(.+?)-(${ALL_KINDS.join("|")})-\\d+\\.(?:pdf|json)$`).exec(file);
  return m ? [m[1] as string, m[2] as MutationKind] : undefined;
}

/** A document as read, without what depends on the input's bytes (hash, ids) or on positions (provenance). */
export function readingOf(doc: {
  fiscalYear: unknown;
  fiscalYearLabel: unknown;
  department: unknown;
  goalIndex: unknown;
  sheets: Array<Record<string, unknown>>;
}): unknown {
  return {
    fiscalYear: doc.fiscalYear,
    fiscalYearLabel: doc.fiscalYearLabel,
    department: doc.department,
    goalIndex: doc.goalIndex,
    sheets: doc.sheets.map(({ id: _id, provenance: _p, ...rest }) => rest),
  };
}

/** The first path where two readings differ ("sheets.2.items.0.target"), or undefined when they agree. */
export function firstDifference(a: unknown, b: unknown, at = ""): string | undefined {
  if (Object.is(a, b)) return undefined;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return at || "(root)";
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  for (const k of keys) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], at ? `${at}.${k}` : k);
    if (d) return d;
  }
  return undefined;
}
