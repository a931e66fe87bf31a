// The one kuromoji adapter (as kuromojin keeps one): loaded lazily on first use, once per process,
// dictionary resolved from the installed package. Token logic elsewhere stays pure: it takes a
// Tokenizer and gets plain tokens.
import { createRequire } from "node:module";
import path from "node:path";

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

/** The shared tokenizer; the first call loads the dictionary (about 2 s and 400 MB). */
export function getTokenizer(): Promise<Tokenizer> {
  loading ??= new Promise<Tokenizer>((resolve, reject) => {
    const require = createRequire(import.meta.url);
    const kuromoji = require("kuromoji") as {
      builder(options: { dicPath: string }): {
        build(callback: (err: Error | null, tokenizer: { tokenize(text: string): KuromojiToken[] }) => void): void;
      };
    };
    kuromoji.builder({ dicPath: kuromojiDictionaryPath() }).build((err, tokenizer) => {
      if (err) {
        loading = undefined;
        reject(err);
        return;
      }
      resolve({
        tokenize(text) {
          return tokenizer.tokenize(tokenizable(text)).map((t) => ({
            surface: t.surface_form,
            start: t.word_position - 1,
            pos: t.pos,
            posDetail1: t.pos_detail_1,
            posDetail2: t.pos_detail_2,
          }));
        },
      });
    });
  });
  return loading;
}

/**
 * kuromoji 0.1.2 throws on a lone surrogate or a control character (NUL from a damaged PDF): such
 * characters become 〓, one UTF-16 unit for one, so token offsets still point into the text.
 */
export function tokenizable(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/gu, "〓");
}
