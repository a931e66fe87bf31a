// The tokenizer's dictionary is loaded by our own loader (each file inflated into one buffer, the zero padding
// at the end of each file dropped). It must tokenize exactly as kuromoji's own loader does: every
// field of every token, over all sample dumps and the awkward fixtures.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildKuromoji, compactTargetMap, kuromojiDictionaryPath, loadDictionaryFile, type KuromojiTokenizer } from "../src/normalize/tokenizer.js";

const require = createRequire(import.meta.url);

function kuromojisOwn(): Promise<KuromojiTokenizer> {
  const kuromoji = require("kuromoji") as {
    builder(o: { dicPath: string }): { build(cb: (err: Error | null, t: KuromojiTokenizer) => void): void };
  };
  return new Promise((resolve, reject) =>
    kuromoji.builder({ dicPath: kuromojiDictionaryPath() }).build((err, t) => (err ? reject(err) : resolve(t))),
  );
}

function texts(): string[] {
  const dirs = ["samples", "test/fixtures/warnings"];
  const lines: string[] = [];
  for (const dir of dirs) {
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".txt")).sort()) {
      lines.push(...fs.readFileSync(path.join(dir, f), "utf8").split("\n").filter((l) => l.trim() !== ""));
    }
  }
  // Unknown words, rare kanji, half-width kana, Latin and digits: the unknown-word dictionary's paths.
  lines.push("ｶﾀｶﾅとＡＢＣ123、𠮷野家の髙橋さん", "二地域居住、1階、9割、３回以上、一千二百万円", "ﾃｽﾄ ＠＃％ ☆★ ㈱ ㍻");
  return lines;
}

describe("tokenizer dictionary loader", () => {
  it("keeps every non-zero byte of each dictionary file, with a margin", async () => {
    const dir = kuromojiDictionaryPath();
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(".dat.gz"))) {
      const kept = new Uint8Array(await loadDictionaryFile(path.join(dir, f)));
      expect(kept.byteLength % 4, f).toBe(0);
      const full = new Uint8Array(require("node:zlib").gunzipSync(fs.readFileSync(path.join(dir, f))));
      expect(full.subarray(kept.byteLength).every((b) => b === 0), f).toBe(true);
      expect(Buffer.from(full.subarray(0, kept.byteLength)).equals(Buffer.from(kept)), f).toBe(true);
    }
  });

  it("maps every trie id to the same token ids as kuromoji's own target map, and no other id", async () => {
    const bytes = new Uint8Array(await loadDictionaryFile(path.join(kuromojiDictionaryPath(), "tid_map.dat.gz")));
    const TokenInfoDictionary = require("kuromoji/src/dict/TokenInfoDictionary") as new () => {
      loadTargetMap(b: Uint8Array): void;
      target_map: Record<string, number[]>;
    };
    const theirs = new TokenInfoDictionary();
    theirs.loadTargetMap(bytes);
    const ours = compactTargetMap(bytes);
    const keys = Object.keys(theirs.target_map);
    expect(keys.length).toBeGreaterThan(300_000);
    for (const key of keys) expect(Array.from(ours[Number(key)] ?? []), key).toEqual(theirs.target_map[key]);
    expect(ours[-1]).toBeUndefined();
    expect(ours[Number(keys[keys.length - 1]) + 1]).toBeUndefined();
  }, 60_000);

  it("refuses a dictionary file its gzip trailer does not describe", async () => {
    const file = path.join(fs.mkdtempSync(path.join(require("node:os").tmpdir(), "dict-")), "x.dat.gz");
    const gz = require("node:zlib").gzipSync(Buffer.alloc(4096, 7)) as Buffer;
    gz.writeUInt32LE(1024, gz.length - 4); // says 1 KiB, holds 4
    fs.writeFileSync(file, gz);
    await expect(loadDictionaryFile(file)).rejects.toThrow(/past the size|length check/);
  });

  it("tokenizes every sample line exactly as kuromoji's own loader", async () => {
    const [ours, theirs] = await Promise.all([buildKuromoji(kuromojiDictionaryPath()), kuromojisOwn()]);
    const lines = texts();
    expect(lines.length).toBeGreaterThan(300);
    for (const line of lines) expect(ours.tokenize(line), line).toEqual(theirs.tokenize(line));
  }, 60_000);
});
