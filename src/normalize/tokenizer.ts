// The one kuromoji adapter (as kuromojin keeps one): loaded lazily on first use, once per process,
// dictionary resolved from the installed package. Token logic elsewhere stays pure: it takes a
// Tokenizer and gets plain tokens.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { createGunzip } from "node:zlib";

export interface Token {
  surface: string;
  /** Offset of the token in the tokenized text (0-based, UTF-16 units). */
  start: number;
  /** 品詞 and its details as kuromoji (IPADIC) gives them: 名詞 / 数 / 助数詞 … */
  pos: string;
  posDetail1: string;
  posDetail2: string;
}

export interface Tokenizer {
  tokenize(text: string): Token[];
}

interface KuromojiToken {
  surface_form: string;
  word_position: number;
  pos: string;
  pos_detail_1: string;
  pos_detail_2: string;
}

let loading: Promise<Tokenizer> | undefined;

/** The kuromoji dictionary folder of the installed package (not the working folder's). */
export function kuromojiDictionaryPath(): string {
  const require = createRequire(import.meta.url);
  return path.join(path.dirname(require.resolve("kuromoji/package.json")), "dict");
}

export interface KuromojiTokenizer {
  tokenize(text: string): KuromojiToken[];
}

/**
 * One dictionary file, inflated into one buffer of the size its gzip trailer gives (no chunks to
 * join, so a file's load peaks at its own size). kuromoji's build left zero padding at the end of
 * most files (unk.dat is 10 MiB of which 400 bytes are used); where the padding is most of the file,
 * the used part is copied out. A margin stays after the last non-zero byte, so a value ending in
 * zero bytes and the last string's terminator are kept.
 */
export async function loadDictionaryFile(file: string): Promise<ArrayBuffer> {
  const gz = await readFile(file);
  if (gz.length < 18) throw new Error(`${path.basename(file)} is not a gzip file`);
  const inflated = new Uint8Array(gz.readUInt32LE(gz.length - 4));
  let at = 0;
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  gunzip.end(gz);
  for await (const chunk of gunzip as AsyncIterable<Buffer>) {
    if (at + chunk.length > inflated.length) throw new Error(`${path.basename(file)} inflates past the size its trailer gives`);
    inflated.set(chunk, at);
    at += chunk.length;
  }
  let end = at;
  while (end > 0 && inflated[end - 1] === 0) end--;
  end = Math.min(at, (end + DICTIONARY_MARGIN + 3) & ~3);
  if (end > inflated.length / 2) return inflated.buffer;
  return inflated.slice(0, end).buffer;
}

/** Bytes kept after a dictionary file's last non-zero byte (a token entry is 10, a pos string ends in one zero). */
const DICTIONARY_MARGIN = 64;

/**
 * Builds a kuromoji tokenizer from the dictionary folder as kuromoji's DictionaryLoader does, but
 * one file at a time, inflated off the main thread. kuromoji's own loader inflates all twelve files
 * at once and copies each: its load peaks at about 370 MB. This one peaks at about 180 MB, and the
 * thread stays free for other work while the files inflate (a batch does not stall on it).
 */
export async function buildKuromoji(dicPath: string): Promise<KuromojiTokenizer> {
  const require = createRequire(import.meta.url);
  const Dictionaries = require("kuromoji/src/dict/DynamicDictionaries") as new () => {
    loadTrie(base: Int32Array, check: Int32Array): void;
    loadTokenInfoDictionaries(tokenInfo: Uint8Array, pos: Uint8Array, targetMap: Uint8Array): void;
    token_info_dictionary: { target_map: TargetMap };
    loadConnectionCosts(cc: Int16Array): void;
    loadUnknownDictionaries(unk: Uint8Array, unkPos: Uint8Array, unkMap: Uint8Array, catMap: Uint8Array, compatCatMap: Uint32Array, invokeDef: Uint8Array): void;
  };
  const KuromojiTokenizerClass = require("kuromoji/src/Tokenizer") as new (dic: unknown) => KuromojiTokenizer;
  const load = (name: string): Promise<ArrayBuffer> => loadDictionaryFile(path.join(dicPath, name));
  const dic = new Dictionaries();
  dic.loadTrie(new Int32Array(await load("base.dat.gz")), new Int32Array(await load("check.dat.gz")));
  // kuromoji's own map is an object of 325,871 arrays (≈60 MB of heap, 0.3 s to build); the same
  // map read from the file's ints answers the lattice's one question, target_map[trie_id].
  dic.loadTokenInfoDictionaries(new Uint8Array(await load("tid.dat.gz")), new Uint8Array(await load("tid_pos.dat.gz")), new Uint8Array(4));
  dic.token_info_dictionary.target_map = compactTargetMap(new Uint8Array(await load("tid_map.dat.gz")));
  dic.loadConnectionCosts(new Int16Array(await load("cc.dat.gz")));
  dic.loadUnknownDictionaries(
    new Uint8Array(await load("unk.dat.gz")),
    new Uint8Array(await load("unk_pos.dat.gz")),
    new Uint8Array(await load("unk_map.dat.gz")),
    new Uint8Array(await load("unk_char.dat.gz")),
    new Uint32Array(await load("unk_compat.dat.gz")),
    new Uint8Array(await load("unk_invoke.dat.gz")),
  );
  return new KuromojiTokenizerClass(dic);
}

/** kuromoji's token_info_dictionary.target_map: the token ids of a trie id (its lattice reads `map[id]`). */
export type TargetMap = Readonly<Record<number, ArrayLike<number> | undefined>>;

/**
 * The target map of tid_map.dat as three typed arrays: the file is a count, then per trie id (in
 * ascending order, as kuromoji's builder wrote them) the id, the number of token ids and the ids, all
 * little-endian int32. A lookup is a binary search over the ids; a Proxy gives it kuromoji's shape.
 */
export function compactTargetMap(bytes: Uint8Array): TargetMap {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ints = (bytes.byteLength >> 2) - 1;
  let entries = 0;
  let values = 0;
  for (let pos = 4; pos + 8 <= bytes.byteLength; ) {
    const size = view.getInt32(pos + 4, true);
    if (size > 0) {
      entries++;
      values += size;
    }
    pos += 8 + 4 * Math.max(0, size);
  }
  if (values > ints) throw new Error("tid_map.dat is truncated");
  const keys = new Int32Array(entries);
  const starts = new Int32Array(entries + 1);
  const ids = new Int32Array(values);
  let e = 0;
  let v = 0;
  for (let pos = 4; pos + 8 <= bytes.byteLength; ) {
    const key = view.getInt32(pos, true);
    const size = view.getInt32(pos + 4, true);
    pos += 8;
    if (size <= 0) continue;
    if (e > 0 && key <= (keys[e - 1] ?? 0)) throw new Error("tid_map.dat: trie ids are not in ascending order");
    keys[e] = key;
    starts[e] = v;
    for (let i = 0; i < size; i++, pos += 4) ids[v++] = view.getInt32(pos, true);
    e++;
  }
  starts[entries] = v;
  const lookup = (key: number): Int32Array | undefined => {
    let lo = 0;
    let hi = entries - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const k = keys[mid] ?? 0;
      if (k === key) return ids.subarray(starts[mid] ?? 0, starts[mid + 1] ?? 0);
      if (k < key) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  };
  return new Proxy({} as TargetMap, {
    get: (_target, prop) => (typeof prop === "string" ? lookup(Number(prop)) : undefined),
  });
}

/** The shared tokenizer; the first call loads the dictionary (about 0.6 s and 110 MB). */
export function getTokenizer(): Promise<Tokenizer> {
  loading ??= buildKuromoji(kuromojiDictionaryPath()).then(
    (tokenizer): Tokenizer => ({
      tokenize(text) {
        return tokenizer.tokenize(tokenizable(text)).map((t) => ({
          surface: t.surface_form,
          start: t.word_position - 1,
          pos: t.pos,
          posDetail1: t.pos_detail_1,
          posDetail2: t.pos_detail_2,
        }));
      },
    }),
    (err: unknown) => {
      loading = undefined;
      throw err;
    },
  );
  return loading;
}

/**
 * kuromoji 0.1.2 throws on a lone surrogate or a control character (NUL from a damaged PDF): such
 * characters become 〓, one UTF-16 unit for one, so token offsets still point into the text.
 */
export function tokenizable(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/gu, "〓");
}
