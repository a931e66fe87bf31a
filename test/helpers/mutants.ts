// Seeded mutants of PDFs, as a fuzzer makes them: byte flips, truncation, a broken xref, zeroed
// runs. The same seed gives the same bytes, so every mutant is a regression fixture that needs no
// binary in the repository (scripts/mutate-pdfs.ts writes them to a folder for a batch run).

export type MutationKind = "flip" | "truncate" | "xref" | "zero";
export const MUTATION_KINDS: readonly MutationKind[] = ["flip", "truncate", "xref", "zero"];

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

export function mutate(source: Uint8Array, kind: MutationKind, seed: number): Uint8Array {
  const random = prng(seed);
  const at = (max: number): number => Math.floor(random() * max);
  const out = new Uint8Array(source);
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
  }
}

/** `count` mutants of each source, kinds in turn, seeds 1…: [name, bytes]. */
export function mutants(sources: Array<[string, Uint8Array]>, count: number): Array<[string, Uint8Array]> {
  const out: Array<[string, Uint8Array]> = [];
  for (const [name, bytes] of sources) {
    for (let i = 0; i < count; i++) {
      const kind = MUTATION_KINDS[i % MUTATION_KINDS.length] as MutationKind;
      const seed = i + 1;
      out.push([`${name.replace(/\.pdf$/, "")}-${kind}-${seed}.pdf`, mutate(bytes, kind, seed * 7919 + name.length)]);
    }
  }
  return out;
}
