// Errors with a stable code and a location, in the manner of csv-parse's CsvError: callers switch
// on `code`, people read `message`, and the batch writes both to errors.jsonl.

export const ERROR_CODES = {
  EMPTY_FILE: "the file is empty",
  NOT_A_SHEET: "no 重点目標 sheet was found",
  UNSUPPORTED_ENCODING: "the text is neither UTF-8, UTF-16, Shift_JIS/CP932 nor EUC-JP",
  UNSUPPORTED_FORMAT: "not a PDF or a text dump",
  PDF_CORRUPT: "the PDF cannot be parsed",
  PDF_ENCRYPTED: "the PDF needs a password",
  NO_TEXT_LAYER: "the PDF has no text layer (a scan) and no OCR engine is installed, or OCR is off",
  OCR_FAILED: "the OCR engine failed on a page of a scan",
  UNREADABLE_TEXT: "the PDF's text layer does not decode to Japanese text (a font without a usable ToUnicode map)",
  READ_FAILED: "the file cannot be read",
  INVALID_OUTPUT: "the extracted document does not pass the output schema",
  WRITE_FAILED: "an output file cannot be written",
  TIMEOUT: "the file took longer than the time limit",
  TOO_LARGE: "the file exceeded the memory or size limit",
  DB_UNREACHABLE: "the database cannot be reached",
  DB_AUTH: "the database refused the credentials",
  DB_NOT_FOUND: "the database does not exist",
  DB_PERMISSION: "the database file or its folder cannot be opened for writing",
  DB_NOT_A_DATABASE: "the file named as the database is not a DuckDB database",
  NO_DOCUMENTS: "the folder holds no sheet-extract output documents",
  DB_SCHEMA_MISMATCH: "the database was created by another schemaVersion",
  DB_LOAD_FAILED: "a document could not be loaded into the database",
  DB_LOCKED: "another load held the database for longer than the wait allowed (--lock-wait)",
  LINK_OUTSIDE_INPUT: "a symbolic link leads out of the folder given as input, and is not followed",
  INTERNAL: "an unexpected internal error",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export interface ErrorLocation {
  file?: string;
  page?: number;
  line?: number;
  field?: string;
}

export class SheetExtractError extends Error {
  override readonly name = "SheetExtractError";
  readonly code: ErrorCode;
  readonly file: string | undefined;
  readonly page: number | undefined;
  readonly line: number | undefined;
  readonly field: string | undefined;

  constructor(code: ErrorCode, message: string, location: ErrorLocation = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.file = location.file;
    this.page = location.page;
    this.line = location.line;
    this.field = location.field;
  }

  /** The same error, located in `file` (readers do not know file names; the pipeline does). */
  withFile(file: string): SheetExtractError {
    if (this.file === file) return this;
    const copy = new SheetExtractError(
      this.code,
      this.message,
      { file, page: this.page, line: this.line, field: this.field },
      { cause: this.cause },
    );
    copy.stack = this.stack;
    return copy;
  }
}

/** Any thrown value as a SheetExtractError: ours keep their code, the rest become INTERNAL. */
export function asSheetExtractError(err: unknown, file?: string): SheetExtractError {
  if (err instanceof SheetExtractError) return file ? err.withFile(file) : err;
  const message = err instanceof Error ? err.message : String(err);
  return new SheetExtractError("INTERNAL", `${ERROR_CODES.INTERNAL}: ${message}`, { file }, { cause: err });
}

/** Misuse of the library (bad options): thrown, never written as a per-file error. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
