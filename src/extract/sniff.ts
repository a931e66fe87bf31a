// What a file is when it is neither a PDF nor text: by its first bytes (and, for ZIP containers, the
// names inside), so that a PNG or a workbook renamed .pdf is refused as what it is, not as a
// corrupt PDF. Spreadsheets and word-processor files are real inputs in city halls: the message
// says how to turn them into something this tool reads.

export interface ForeignFormat {
  /** What the file is, for the message: "a PNG image", "an Excel workbook (.xlsx)". */
  what: string;
  /** What to do instead, when there is something to do. */
  advice?: string;
}

const PRINT = "print it to PDF (File → Export as PDF, or print to a PDF printer) and extract that PDF";

const startsWith = (bytes: Uint8Array, magic: number[], at = 0): boolean => magic.every((b, i) => bytes[at + i] === b);

/** Names stored in a ZIP's headers, enough to tell an Office Open XML file from a plain archive. */
function zipKind(bytes: Uint8Array): ForeignFormat {
  const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 1 << 20))).toString("latin1");
  if (head.includes("xl/")) return { what: "an Excel workbook (.xlsx)", advice: PRINT };
  if (head.includes("word/")) return { what: "a Word document (.docx)", advice: PRINT };
  if (head.includes("ppt/")) return { what: "a PowerPoint file (.pptx)", advice: PRINT };
  if (head.includes("mimetypeapplication/vnd.oasis.opendocument")) return { what: "an OpenDocument file (.ods/.odt)", advice: PRINT };
  return { what: "a ZIP archive", advice: "unpack it and give the PDFs or text files inside" };
}

/** The format of bytes that are no PDF and no text, or undefined. */
export function sniffForeign(bytes: Uint8Array): ForeignFormat | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { what: "a PNG image", advice: "a scan needs OCR first; print the original document to PDF instead" };
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return { what: "a JPEG image", advice: "a scan needs OCR first; print the original document to PDF instead" };
  if (startsWith(bytes, [0x47, 0x49, 0x46, 0x38])) return { what: "a GIF image" };
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return { what: "a TIFF image", advice: "a scan needs OCR first" };
  if (startsWith(bytes, [0x42, 0x4d]) && bytes.length > 26 && startsWith(bytes, [0, 0], 6)) return { what: "a BMP image" };
  if (startsWith(bytes, [0x52, 0x49, 0x46, 0x46]) && startsWith(bytes, [0x57, 0x45, 0x42, 0x50], 8)) return { what: "a WebP image" };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return zipKind(bytes);
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return { what: "an old Office file (.xls/.doc, OLE2) or a 一太郎 document", advice: PRINT };
  }
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) return { what: "an RTF document", advice: PRINT };
  if (startsWith(bytes, [0x1f, 0x8b])) return { what: "a gzip archive", advice: "unpack it first" };
  if (startsWith(bytes, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return { what: "a 7-Zip archive", advice: "unpack it first" };
  return undefined;
}
