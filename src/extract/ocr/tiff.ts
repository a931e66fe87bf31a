// Grey images as one uncompressed multi-page TIFF (baseline TIFF 6.0, little-endian, 8-bit
// BlackIsZero): how a page's cells go to the engine in one process, over its standard input.
import type { GreyImage } from "./raster.js";

const TAG = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  PhotometricInterpretation: 262,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  XResolution: 282,
  YResolution: 283,
  ResolutionUnit: 296,
} as const;

const SHORT = 3;
const LONG = 4;
const RATIONAL = 5;

/** The images as pages of one TIFF, each with its resolution (dots per inch). */
export function encodeTiff(pages: ReadonlyArray<{ image: GreyImage; dpi: number }>): Buffer {
  const ENTRIES = 13;
  const IFD_SIZE = 2 + ENTRIES * 12 + 4;
  // Layout: header, then per page its IFD, its two resolutions (8 bytes each) and its pixels.
  let size = 8;
  const offsets = pages.map(({ image }) => {
    const ifd = size;
    const resolutions = ifd + IFD_SIZE;
    const pixels = resolutions + 16;
    size = pixels + image.width * image.height;
    size += size & 1; // word-aligned IFDs
    return { ifd, resolutions, pixels };
  });
  const out = Buffer.alloc(size);
  out.write("II", 0, "latin1");
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(offsets[0]?.ifd ?? 0, 4);
  pages.forEach(({ image, dpi }, i) => {
    const at = offsets[i] as (typeof offsets)[number];
    let p = at.ifd;
    out.writeUInt16LE(ENTRIES, p);
    p += 2;
    const entry = (tag: number, type: number, value: number): void => {
      out.writeUInt16LE(tag, p);
      out.writeUInt16LE(type, p + 2);
      out.writeUInt32LE(1, p + 4);
      if (type === SHORT) out.writeUInt16LE(value, p + 8);
      else out.writeUInt32LE(value, p + 8);
      p += 12;
    };
    entry(TAG.NewSubfileType, LONG, 2); // one page of a multi-page file
    entry(TAG.ImageWidth, LONG, image.width);
    entry(TAG.ImageLength, LONG, image.height);
    entry(TAG.BitsPerSample, SHORT, 8);
    entry(TAG.Compression, SHORT, 1);
    entry(TAG.PhotometricInterpretation, SHORT, 1);
    entry(TAG.StripOffsets, LONG, at.pixels);
    entry(TAG.SamplesPerPixel, SHORT, 1);
    entry(TAG.RowsPerStrip, LONG, image.height);
    entry(TAG.StripByteCounts, LONG, image.width * image.height);
    entry(TAG.XResolution, RATIONAL, at.resolutions);
    entry(TAG.YResolution, RATIONAL, at.resolutions + 8);
    entry(TAG.ResolutionUnit, SHORT, 2);
    out.writeUInt32LE(offsets[i + 1]?.ifd ?? 0, p);
    const dots = Math.max(1, Math.round(dpi));
    for (const r of [at.resolutions, at.resolutions + 8]) {
      out.writeUInt32LE(dots, r);
      out.writeUInt32LE(1, r + 4);
    }
    out.set(image.data, at.pixels);
  });
  return out;
}
