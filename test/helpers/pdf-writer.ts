// A minimal PDF writer for hand-made test files (hostile.ts): numbered objects, streams, an xref
// table or, for files of many small objects, object streams with a cross-reference stream. Bytes
// are written exactly as given, so a test file can say anything a hostile producer would.
import { deflateSync } from "node:zlib";

export interface StreamBody {
  /** The stream dictionary's entries besides /Length (written for the data as given). */
  dict: string;
  data: Uint8Array;
}

export type ObjectBody = string | StreamBody;

export class PdfWriter {
  private readonly objects = new Map<number, ObjectBody>();
  private next = 1;

  /** Reserves an object number (for references made before the object is written). */
  reserve(): number {
    return this.next++;
  }

  /** Writes object `n` (or a new one) and returns its number. */
  add(body: ObjectBody, n = this.reserve()): number {
    this.objects.set(n, body);
    return n;
  }

  /** The file: header, objects in number order, an xref table and the trailer. */
  toBytes(root: number, { extraTrailer = "" }: { extraTrailer?: string } = {}): Uint8Array {
    const parts: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
    let length = parts[0]!.length;
    const offsets = new Map<number, number>();
    const push = (b: Buffer): void => {
      parts.push(b);
      length += b.length;
    };
    for (const n of [...this.objects.keys()].sort((a, b) => a - b)) {
      offsets.set(n, length);
      push(objectBytes(n, this.objects.get(n)!));
    }
    const size = Math.max(0, ...this.objects.keys()) + 1;
    const xrefAt = length;
    const rows = ["xref", `0 ${size}`, "0000000000 65535 f "];
    for (let n = 1; n < size; n++) {
      const at = offsets.get(n);
      rows.push(at === undefined ? "0000000000 65535 f " : `${String(at).padStart(10, "0")} 00000 n `);
    }
    push(Buffer.from(`${rows.join("\n")}\ntrailer\n<< /Size ${size} /Root ${root} 0 R ${extraTrailer}>>\nstartxref\n${xrefAt}\n%%EOF\n`, "latin1"));
    return new Uint8Array(Buffer.concat(parts));
  }

  /**
   * The file with every non-stream object but the catalog in object streams of `perStream`
   * objects, indexed by a cross-reference stream (PDF 1.5): many small objects in few bytes.
   */
  toCompactBytes(root: number, perStream = 500): Uint8Array {
    const parts: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
    let length = parts[0]!.length;
    const push = (b: Buffer): void => {
      parts.push(b);
      length += b.length;
    };
    // Entry per object: [type, field2, field3] (1: offset, 0; 2: object stream, index).
    const entries = new Map<number, [number, number, number]>();
    const packable = [...this.objects.keys()].filter((n) => n !== root && typeof this.objects.get(n) === "string").sort((a, b) => a - b);
    const direct = [...this.objects.keys()].filter((n) => !packable.includes(n)).sort((a, b) => a - b);
    let next = Math.max(0, ...this.objects.keys()) + 1;
    for (const n of direct) {
      entries.set(n, [1, length, 0]);
      push(objectBytes(n, this.objects.get(n)!));
    }
    for (let i = 0; i < packable.length; i += perStream) {
      const group = packable.slice(i, i + perStream);
      const bodies = group.map((n) => `${this.objects.get(n) as string}\n`);
      const header: string[] = [];
      let offset = 0;
      for (const [k, n] of group.entries()) {
        header.push(`${n} ${offset}`);
        offset += Buffer.byteLength(bodies[k]!, "latin1");
      }
      const head = `${header.join(" ")}\n`;
      const stm = next++;
      group.forEach((n, k) => entries.set(n, [2, stm, k]));
      entries.set(stm, [1, length, 0]);
      const data = deflateSync(Buffer.from(head + bodies.join(""), "latin1"));
      push(objectBytes(stm, { dict: `/Type /ObjStm /N ${group.length} /First ${Buffer.byteLength(head, "latin1")} /Filter /FlateDecode`, data }));
    }
    const xref = next++;
    entries.set(xref, [1, length, 0]);
    const size = next;
    const table = Buffer.alloc(size * 7);
    table.writeUInt8(0, 0);
    table.writeUInt32BE(0, 1);
    table.writeUInt16BE(65535, 5);
    for (let n = 1; n < size; n++) {
      const [type, a, b] = entries.get(n) ?? [0, 0, 0];
      table.writeUInt8(type, n * 7);
      table.writeUInt32BE(a, n * 7 + 1);
      table.writeUInt16BE(b, n * 7 + 5);
    }
    const at = length;
    push(
      objectBytes(xref, {
        dict: `/Type /XRef /Size ${size} /W [1 4 2] /Root ${root} 0 R /Filter /FlateDecode`,
        data: deflateSync(table),
      }),
    );
    push(Buffer.from(`startxref\n${at}\n%%EOF\n`, "latin1"));
    return new Uint8Array(Buffer.concat(parts));
  }
}

function objectBytes(n: number, body: ObjectBody): Buffer {
  if (typeof body === "string") return Buffer.from(`${n} 0 obj\n${body}\nendobj\n`, "latin1");
  return Buffer.concat([
    Buffer.from(`${n} 0 obj\n<< ${body.dict} /Length ${body.data.length} >>\nstream\n`, "latin1"),
    Buffer.from(body.data),
    Buffer.from("\nendstream\nendobj\n", "latin1"),
  ]);
}
