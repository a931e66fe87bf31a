// The OCR engine: Debian's tesseract (5.x), run once per page and page segmentation mode with the
// page's cell images as one multi-page TIFF on its standard input, words and confidences back as
// TSV. One process reads many cells on one model load (0.15 s each for jpn); a process per cell
// would pay that load 40 times a page. The child is no part of the worker's heap, so it is bounded
// on its own: its address space by prlimit (--max-memory), its time by the file's deadline.
import { execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { SheetExtractError } from "../../errors.js";
import type { GreyImage } from "./raster.js";
import { encodeTiff } from "./tiff.js";

export interface EngineInfo {
  binary: string;
  version: string;
  languages: string[];
}

const probed = new Map<string, EngineInfo | null>();

/** The engine at `binary` (a path or a name on PATH) and its languages, or undefined when it does not run. Asked once per process. */
export function probeEngine(binary: string): EngineInfo | undefined {
  const known = probed.get(binary);
  if (known !== undefined) return known ?? undefined;
  let info: EngineInfo | null = null;
  try {
    const version = execFileSync(binary, ["--version"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 10_000 });
    const list = execFileSync(binary, ["--list-langs"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 10_000 });
    const languages = list
      .split("\n")
      .slice(1)
      .map((l) => l.trim())
      .filter((l) => /^[A-Za-z0-9_]+$/u.test(l));
    info = { binary, version: /tesseract\s+v?([\d.]+)/iu.exec(version)?.[1] ?? "?", languages };
  } catch {
    info = null;
  }
  probed.set(binary, info);
  return info ?? undefined;
}

/** How to install the engine, for messages where it is missing. */
export const INSTALL_HINT = "install tesseract with Japanese (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert)";

/** A word as the engine read it, in the pixels of the image it was read from. */
export interface OcrWord {
  text: string;
  /** 0–100. */
  conf: number;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  /** The line it stands on, numbered in reading order within its image. */
  line: number;
}

export interface RecognizeOptions {
  binary: string;
  /** Tesseract language(s): jpn, jpn+jpn_vert … */
  lang: string;
  /** Page segmentation mode: 6 a block of text, 7 one line, 8 one word, 10 one character. */
  psm: number;
  /** Otsu's global threshold (tesseract's 0) instead of Sauvola's local one (SETTINGS), for a second reading. */
  globalThreshold?: boolean | undefined;
  /** Wall-clock instant (performance.now()) by which the engine must be done; it is killed then. */
  deadline?: number | undefined;
  /** Address space of the engine process, MiB. */
  maxMemoryMb?: number | undefined;
  /** The page being read, for errors. */
  page: number;
}

/**
 * Engine settings, each with its reason. Sauvola thresholding (2) reads grey, noisy and unevenly lit
 * scans: on degraded 200 dpi cells the default gave 77 % of characters, Sauvola 90 %. Its window
 * (0.33 in at the crop's resolution) is wider than a crop of one line, and now and then a crop
 * reads as nothing at all with it; those are read again with Otsu's threshold (page.ts).
 */
const SETTINGS: ReadonlyArray<[string, string]> = [
  ["thresholding_method", "2"],
  // Keeps the engine quiet about what it has no use for here (resolution guesses, empty pages).
  ["debug_file", "/dev/null"],
];

const PRLIMIT = ["/usr/bin/prlimit", "/bin/prlimit"].find((p) => existsSync(p));

/** Reads each image (one per TIFF page); the words of each, in order. */
export async function recognize(pages: ReadonlyArray<{ image: GreyImage; dpi: number }>, options: RecognizeOptions): Promise<OcrWord[][]> {
  if (pages.length === 0) return [];
  const args = ["stdin", "stdout", "-l", options.lang, "--psm", String(options.psm), ...SETTINGS.flatMap(([k, v]) => ["-c", `${k}=${v}`]), ...(options.globalThreshold ? ["-c", "thresholding_method=0"] : []), "tsv"];
  const limit = options.maxMemoryMb !== undefined && PRLIMIT ? [PRLIMIT, `--as=${Math.round(options.maxMemoryMb * 2 ** 20)}`, "--"] : [];
  const [command, ...rest] = [...limit, options.binary, ...args] as [string, ...string[]];
  const timeout = options.deadline === undefined ? undefined : Math.max(1, Math.floor(options.deadline - performance.now()));
  if (timeout !== undefined && timeout <= 1) {
    throw new SheetExtractError("TIMEOUT", `OCR of page ${options.page} did not start before the time limit (--timeout)`, { page: options.page });
  }
  const tsv = await new Promise<string>((resolve, reject) => {
    // One thread: the batch already runs a worker per core, and the engine's threads would fight them.
    const child = spawn(command, rest, { stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, OMP_THREAD_LIMIT: "1" }, ...(timeout ? { timeout, killSignal: "SIGKILL" } : {}) });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", (e) => reject(new SheetExtractError("OCR_FAILED", `the OCR engine did not start: ${e.message}`, { page: options.page })));
    child.on("close", (code, signal) => {
      const stderr = Buffer.concat(err).toString("utf8");
      if (code === 0) return resolve(Buffer.concat(out).toString("utf8"));
      if (signal === "SIGKILL" && timeout !== undefined && performance.now() >= (options.deadline ?? 0) - 5) {
        return reject(new SheetExtractError("TIMEOUT", `OCR of page ${options.page} took longer than the time limit (--timeout)`, { page: options.page }));
      }
      if (/bad_alloc|Cannot allocate|out of memory/iu.test(stderr)) {
        return reject(new SheetExtractError("TOO_LARGE", `OCR of page ${options.page} needed more than the ${options.maxMemoryMb ?? "?"} MiB memory limit (--max-memory)`, { page: options.page }));
      }
      const first = stderr.split("\n").find((l) => l.trim() !== "" && !/^(Warning|Estimating|Detected|Tesseract Open Source)/u.test(l)) ?? `exit ${code ?? signal}`;
      reject(new EngineCrash(`the OCR engine failed on page ${options.page}: ${first.trim()}`, options.page));
    });
    child.stdin.on("error", () => undefined); // a child that died early: its exit says why
    child.stdin.end(encodeTiff(pages));
  });
  return parseTsv(tsv, pages.length);
}

/** The engine ran and died on what it was given (a signal, an exit code): not a limit, nor an engine missing. */
class EngineCrash extends SheetExtractError {
  constructor(message: string, page: number) {
    super("OCR_FAILED", message, { page });
  }
}

/**
 * How many times over a batch the engine died on may be read again in halves: each crop that kills
 * it alone is found in about log2(batch) reruns of the model load (0.15 s each).
 */
const MAX_CRASH_SPLITS = 24;

/**
 * recognize(), where an image the engine dies on (tesseract 5.3 takes a SIGFPE from Sauvola's
 * thresholding on some crops: a grey shaded cell with a dotted rule through it) reads as nothing
 * instead of failing the page: the batch is read again in halves down to the image, which is then
 * read once with Otsu's threshold and left empty if that dies too. Limits (TIMEOUT, TOO_LARGE) and a
 * missing engine still fail.
 */
export async function recognizeSafely(pages: ReadonlyArray<{ image: GreyImage; dpi: number }>, options: RecognizeOptions, splits = { left: MAX_CRASH_SPLITS }): Promise<OcrWord[][]> {
  try {
    return await recognize(pages, options);
  } catch (e) {
    if (!(e instanceof EngineCrash)) throw e;
    if (pages.length === 1) {
      if (options.globalThreshold) return [[]];
      return recognizeSafely(pages, { ...options, globalThreshold: true }, splits);
    }
    if (splits.left <= 0) throw e;
    splits.left -= 1;
    const half = pages.length >> 1;
    return [...(await recognizeSafely(pages.slice(0, half), options, splits)), ...(await recognizeSafely(pages.slice(half), options, splits))];
  }
}

/** Tesseract's TSV (level 5 rows are words) → the words of each page, lines numbered in order. */
export function parseTsv(tsv: string, pages: number): OcrWord[][] {
  const out: OcrWord[][] = Array.from({ length: pages }, () => []);
  const lineIds: Array<Map<string, number>> = Array.from({ length: pages }, () => new Map());
  for (const row of tsv.split("\n")) {
    const f = row.split("\t");
    if (f[0] !== "5" || f.length < 12) continue;
    const page = Number(f[1]) - 1;
    const text = (f.slice(11).join("\t") ?? "").trim();
    const words = out[page];
    const ids = lineIds[page];
    if (!words || !ids || text === "") continue;
    const key = `${f[2]}.${f[3]}.${f[4]}`;
    const line = ids.get(key) ?? ids.set(key, ids.size).get(key) ?? 0;
    const [left, top, width, height] = [Number(f[6]), Number(f[7]), Number(f[8]), Number(f[9])];
    words.push({ text, conf: Math.max(0, Number(f[10])), x0: left, y0: top, x1: left + width, y1: top + height, line });
  }
  return out;
}
