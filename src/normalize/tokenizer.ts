// The one kuromoji adapter (as kuromojin keeps one): loaded lazily on first use, once per process,
// dictionary resolved from the installed package. Token logic elsewhere stays pure: it takes a
// Tokenizer and gets plain tokens.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { promisify } from "node:util";
import path from "node:path";
import { gunzip } from "node:zlib";

const gunzipAsync = promisify(gunzip);

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
 * One dictionary file, inflated without the zero padding kuromoji's build left at its end
 * (tid_pos.dat is 40 MiB of which 36 are used; unk.dat 10 MiB of which 400 bytes). A margin stays
 * after the last non-zero byte, so a value ending in zero bytes and the last string's terminator
 * are kept.
 */
export async function loadDictionaryFile(file: string): Promise<ArrayBuffer> {
  const inflated = await gunzipAsync(await readFile(file));
  let end = inflated.length;
  while (end > 0 && inflated[end - 1] === 0) end--;
  end = Math.min(inflated.length, (end + DICTIONARY_MARGIN + 3) & ~3);
  const kept = new Uint8Array(end);
  kept.set(inflated.subarray(0, end));
  return kept.buffer;
}

/** Bytes kept after a dictionary file's last non-zero byte (a token entry is 10, a pos string ends in one zero). */
const DICTIONARY_MARGIN = 64;

/**
 * Builds a kuromoji tokenizer from the dictionary folder as kuromoji's DictionaryLoader does, but
 * one file at a time, inflated off the main thread. kuromoji's own loader inflates all twelve files
 * at once and copies each: its load peaks at about 370 MB. This one peaks at about 240 MB, and the
 * thread stays free for other work while the files inflate (a batch does not stall on it).
 */
export async function buildKuromoji(dicPath: string): Promise<KuromojiTokenizer> {
  const require = createRequire(import.meta.url);
  const Dictionaries = require("kuromoji/src/dict/DynamicDictionaries") as new () => {
    loadTrie(base: Int32Array, check: Int32Array): void;
    loadTokenInfoDictionaries(tokenInfo: Uint8Array, pos: Uint8Array, targetMap: Uint8Array): void;
    loadConnectionCosts(cc: Int16Array): void;
    loadUnknownDictionaries(unk: Uint8Array, unkPos: Uint8Array, unkMap: Uint8Array, catMap: Uint8Array, compatCatMap: Uint32Array, invokeDef: Uint8Array): void;
  };
  const KuromojiTokenizerClass = require("kuromoji/src/Tokenizer") as new (dic: unknown) => KuromojiTokenizer;
  const load = (name: string): Promise<ArrayBuffer> => loadDictionaryFile(path.join(dicPath, name));
  const dic = new Dictionaries();
  dic.loadTrie(new Int32Array(await load("base.dat.gz")), new Int32Array(await load("check.dat.gz")));
  dic.loadTokenInfoDictionaries(
    new Uint8Array(await load("tid.dat.gz")),
    new Uint8Array(await load("tid_pos.dat.gz")),
    new Uint8Array(await load("tid_map.dat.gz")),
  );
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

/** The shared tokenizer; the first call loads the dictionary (about 1.3 s and 200 MB). */
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
