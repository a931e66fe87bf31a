// Grey page images for the OCR reader: one byte a pixel, 0 black to 255 white, rows top to bottom.
// Pure functions on buffers; nothing here knows PDFs or the engine.

export interface GreyImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** pdf.js's decoded image kinds (ImageKind): 1 bit grey, 8 bit RGB, 8 bit RGBA. */
export const PDFJS_IMAGE_KIND = { GRAYSCALE_1BPP: 1, RGB_24BPP: 2, RGBA_32BPP: 3 } as const;

export interface DecodedImage {
  width: number;
  height: number;
  kind: number;
  data: Uint8Array | Uint8ClampedArray;
}

/**
 * How much redder than green and blue a pixel must be to be seal ink (a red 印 stamped over the
 * sheet), out of 255. Black text and blue ink are far below it; the seal's thinnest tint is above.
 */
const SEAL_RED = 48;

/**
 * A decoded PDF image as grey. A red seal is read through: where a pixel is seal-red its red channel
 * stands for it (red ink over paper is light there, over black text or a rule still darker than
 * paper), so the seal neither hides what is under it nor reads as text.
 */
export function greyOf(image: DecodedImage): GreyImage {
  const { width, height, kind, data } = image;
  const out = new Uint8Array(width * height);
  if (kind === PDFJS_IMAGE_KIND.GRAYSCALE_1BPP) {
    const rowBytes = (width + 7) >> 3;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const byte = data[y * rowBytes + (x >> 3)] ?? 255;
        out[y * width + x] = byte & (0x80 >> (x & 7)) ? 255 : 0;
      }
    }
    return { width, height, data: out };
  }
  const step = kind === PDFJS_IMAGE_KIND.RGBA_32BPP ? 4 : 3;
  for (let i = 0, p = 0; i < out.length; i++, p += step) {
    const r = data[p] ?? 255;
    const g = data[p + 1] ?? 255;
    const b = data[p + 2] ?? 255;
    out[i] = r - Math.max(g, b) > SEAL_RED ? r : (299 * r + 587 * g + 114 * b + 500) / 1000;
  }
  return { width, height, data: out };
}

/** Canvas RGBA pixels (a rendered page) as grey, read as greyOf reads an RGBA image. */
export function greyOfRgba(width: number, height: number, rgba: Uint8Array | Uint8ClampedArray): GreyImage {
  return greyOf({ width, height, kind: PDFJS_IMAGE_KIND.RGBA_32BPP, data: rgba });
}

/**
 * The image laid out as displayed, when a page shows it turned by quarter turns or mirrored:
 * `column` and `row` are the display directions (unit axis vectors, y down) in which its column
 * and row indices grow.
 */
export function orient(image: GreyImage, column: [number, number], row: [number, number]): GreyImage {
  if (column[0] > 0 && row[1] > 0) return image;
  const { width: w, height: h, data } = image;
  const W = column[0] !== 0 ? w : h;
  const H = column[0] !== 0 ? h : w;
  const out = new Uint8Array(W * H);
  for (let j = 0; j < h; j++) {
    for (let i = 0; i < w; i++) {
      const X = column[0] !== 0 ? (column[0] > 0 ? i : w - 1 - i) : row[0] > 0 ? j : h - 1 - j;
      const Y = column[1] !== 0 ? (column[1] > 0 ? i : w - 1 - i) : row[1] > 0 ? j : h - 1 - j;
      out[Y * W + X] = data[j * w + i] as number;
    }
  }
  return { width: W, height: H, data: out };
}

/** Otsu's threshold over grey levels 0..`top` of a histogram: the level that best parts the two classes (levels ≤ it in the first). */
function otsuOf(histogram: Float64Array, top: number): number {
  let total = 0;
  let sum = 0;
  for (let t = 0; t <= top; t++) {
    total += histogram[t] as number;
    sum += t * (histogram[t] as number);
  }
  let sumB = 0;
  let weightB = 0;
  let best = 127;
  let bestVariance = -1;
  for (let t = 0; t <= top; t++) {
    weightB += histogram[t] as number;
    if (weightB === 0) continue;
    const weightF = total - weightB;
    if (weightF === 0) break;
    sumB += t * (histogram[t] as number);
    const meanB = sumB / weightB;
    const meanF = (sum - sumB) / weightF;
    const variance = weightB * weightF * (meanB - meanF) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
      best = t;
    }
  }
  return best;
}

/**
 * How many standard deviations of the paper's noise below its usual grey a pixel must be to be
 * ink: at 4 hardly one pixel of noisy paper in 30 000 is darker.
 */
const PAPER_SIGMAS = 4;

/**
 * The grey level that parts ink from paper (pixels ≤ it are ink): Otsu's, unless that falls inside
 * the paper's own noise (a page with little ink on it: Otsu then parts the lighter half of the
 * paper from the darker, and half the page reads as ink: a scan's near-empty first page at 200 dpi
 * gave 247 on paper of 248 ± 7); then Otsu's over what is darker than the paper by
 * PAPER_SIGMAS of its noise.
 */
export function otsuThreshold(image: GreyImage): number {
  const histogram = new Float64Array(256);
  const data = image.data;
  for (let i = 0; i < data.length; i++) histogram[data[i] as number] = (histogram[data[i] as number] as number) + 1;
  const t = otsuOf(histogram, 255);
  // The paper: the histogram's peak (smoothed over five levels), its noise from the half width of
  // the peak on its dark side (half the peak's height at 1.177 standard deviations).
  const smooth = (v: number): number => {
    let n = 0;
    for (let d = -2; d <= 2; d++) n += v + d >= 0 && v + d <= 255 ? (histogram[v + d] as number) : 0;
    return n;
  };
  let mode = 255;
  for (let v = 255; v >= 0; v--) if (smooth(v) > smooth(mode)) mode = v;
  let half = mode;
  while (half > 0 && smooth(half) > smooth(mode) / 2) half--;
  const sigma = Math.max(1, (mode - half) / 1.177);
  const limit = Math.floor(mode - PAPER_SIGMAS * sigma);
  if (t <= limit || limit <= 0) return t;
  return otsuOf(histogram, limit);
}

/**
 * The paper's grey and its noise: the median of the pixels lighter than `threshold` (a page is mostly
 * paper) and their spread (the median absolute deviation, scaled to a standard deviation).
 */
export function paperLevel(image: GreyImage, threshold: number): { level: number; noise: number } {
  const histogram = new Float64Array(256);
  const data = image.data;
  for (let i = 0; i < data.length; i++) histogram[data[i] as number] = (histogram[data[i] as number] as number) + 1;
  const median = (weight: (t: number) => number): number => {
    let total = 0;
    for (let t = 0; t < 256; t++) total += weight(t);
    let seen = 0;
    for (let t = 0; t < 256; t++) {
      seen += weight(t);
      if (seen * 2 >= total) return t;
    }
    return 255;
  };
  const level = median((t) => (t > threshold ? (histogram[t] as number) : 0));
  const deviation = median((d) => (d === 0 ? (histogram[level] as number) : ((level + d <= 255 ? histogram[level + d] : 0) ?? 0) + ((level - d > threshold ? histogram[level - d] : 0) ?? 0)));
  return { level, noise: 1.4826 * deviation };
}

/** Ink as 1, paper as 0, at `threshold` (pixels ≤ it are ink). */
export function binarize(image: GreyImage, threshold: number): Uint8Array {
  const out = new Uint8Array(image.data.length);
  for (let i = 0; i < out.length; i++) out[i] = (image.data[i] as number) <= threshold ? 1 : 0;
  return out;
}

/**
 * The image resampled (bilinear) so that output pixel o shows the source at centre + R(radians)·(o −
 * centre), x right and y down: a page whose rules fall to the right by `radians` (a line from
 * (0, 0) to (cos, sin)) comes out level. What comes in from outside is white.
 */
export function rotate(image: GreyImage, radians: number): GreyImage {
  const { width: w, height: h, data } = image;
  const out = new Uint8Array(w * h);
  const cos = Math.cos(radians);
  const sin = Math.sin(radians);
  const cx = (w - 1) / 2;
  const cy = (h - 1) / 2;
  for (let y = 0; y < h; y++) {
    const oy = y - cy;
    for (let x = 0; x < w; x++) {
      const ox = x - cx;
      const fx = cx + ox * cos - oy * sin;
      const fy = cy + ox * sin + oy * cos;
      const x0 = Math.floor(fx);
      const y0 = Math.floor(fy);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) {
        out[y * w + x] = 255;
        continue;
      }
      const ax = fx - x0;
      const ay = fy - y0;
      const i = y0 * w + x0;
      const top = (data[i] as number) * (1 - ax) + (data[i + 1] as number) * ax;
      const bottom = (data[i + w] as number) * (1 - ax) + (data[i + w + 1] as number) * ax;
      out[y * w + x] = top * (1 - ay) + bottom * ay + 0.5;
    }
  }
  return { width: w, height: h, data: out };
}

/** A rectangle of the image (clamped to it), as a new image. */
export function crop(image: GreyImage, x0: number, y0: number, x1: number, y1: number): GreyImage {
  const left = Math.max(0, Math.floor(x0));
  const top = Math.max(0, Math.floor(y0));
  const right = Math.min(image.width, Math.ceil(x1));
  const bottom = Math.min(image.height, Math.ceil(y1));
  const width = Math.max(0, right - left);
  const height = Math.max(0, bottom - top);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) out.set(image.data.subarray((top + y) * image.width + left, (top + y) * image.width + left + width), y * width);
  return { width, height, data: out };
}

/** The image scaled by `factor` (bilinear), for text too small for the engine. */
export function scale(image: GreyImage, factor: number): GreyImage {
  if (factor === 1) return image;
  const width = Math.max(1, Math.round(image.width * factor));
  const height = Math.max(1, Math.round(image.height * factor));
  const out = new Uint8Array(width * height);
  const { width: w, height: h, data } = image;
  for (let y = 0; y < height; y++) {
    const fy = Math.min(h - 1, Math.max(0, (y + 0.5) / factor - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(h - 1, y0 + 1);
    const ay = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(w - 1, Math.max(0, (x + 0.5) / factor - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(w - 1, x0 + 1);
      const ax = fx - x0;
      const top = (data[y0 * w + x0] as number) * (1 - ax) + (data[y0 * w + x1] as number) * ax;
      const bottom = (data[y1 * w + x0] as number) * (1 - ax) + (data[y1 * w + x1] as number) * ax;
      out[y * width + x] = top * (1 - ay) + bottom * ay + 0.5;
    }
  }
  return { width, height, data: out };
}

/** The image with a white margin of `pad` pixels all round (the engine reads text at an edge badly). */
export function pad(image: GreyImage, margin: number): GreyImage {
  const width = image.width + 2 * margin;
  const height = image.height + 2 * margin;
  const out = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < image.height; y++) out.set(image.data.subarray(y * image.width, (y + 1) * image.width), (y + margin) * width + margin);
  return { width, height, data: out };
}
