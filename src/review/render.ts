// PDF pages as images for the review page, rendered at build time (pdf.js with @napi-rs/canvas),
// so the page opens from disk with no server and no script library. Fonts a PDF does not embed are
// drawn with a Japanese system font where one is installed.
import type { Bbox } from "../model/index.js";
import { withPdfDocument } from "../extract/pdf/document.js";
import { registerJapaneseFonts } from "../extract/pdf/fonts.js";
import { LIMIT_RULES, fitScale, readLimits, type ReadLimits } from "../extract/pdf/limits.js";

export interface RenderedPage {
  number: number;
  /** Image size in pixels. */
  width: number;
  height: number;
  /** data: URI of the page image. */
  image: string;
  /** A PDF-space box (points, origin bottom-left) as percentages of the image: left, top, width, height. */
  place(bbox: Bbox): [number, number, number, number];
}

export interface RenderOptions {
  /** Pixels per point. Default 1.5 (an A4 page about 900 px wide, A3 landscape 1,800). */
  scale?: number;
  /** What the document may cost (extract/pdf/limits.ts). Default: those of the default --max-memory. */
  limits?: ReadLimits;
}

/**
 * Renders every page of a PDF to a PNG. A page larger than LIMIT_RULES.reviewPagePixels at `scale`
 * is drawn smaller to fit. An image too large to draw within the limits or streams that decode past
 * them make the file TOO_LARGE, naming the page (pdf.js would leave them out and draw the rest, a
 * page that looks like the document and is not).
 */
export async function renderPdfPages(bytes: Uint8Array, options: RenderOptions = {}): Promise<RenderedPage[]> {
  const scale = options.scale ?? 1.5;
  const limits = options.limits ?? readLimits();
  registerJapaneseFonts();
  return withPdfDocument(bytes, async (doc, _pdfjs, budget) => {
    const pages: RenderedPage[] = [];
    const factory = (doc as unknown as { canvasFactory: { create(w: number, h: number): { canvas: { encode(f: "png"): Promise<Buffer> }; context: unknown } } }).canvasFactory;
    const maxPixels = Math.min(LIMIT_RULES.reviewPagePixels, limits.imagePixels);
    for (let n = 1; n <= doc.numPages; n++) {
      budget.page = n;
      const page = await doc.getPage(n);
      try {
        const size = page.getViewport({ scale: 1 });
        const viewport = page.getViewport({ scale: fitScale(size.width, size.height, scale, maxPixels) });
        const width = Math.max(1, Math.ceil(viewport.width));
        const height = Math.max(1, Math.ceil(viewport.height));
        const { canvas, context } = factory.create(width, height);
        await page.render({ canvasContext: context as never, canvas: canvas as never, viewport }).promise;
        // Past the limits pdf.js leaves the stream or image out and draws the rest: the file stops here.
        const tooLarge = budget.error();
        if (tooLarge) throw tooLarge;
        const png = await canvas.encode("png");
        pages.push({
          number: n,
          width,
          height,
          image: `data:image/png;base64,${png.toString("base64")}`,
          place(bbox) {
            const [x1, y1, x2, y2] = viewport.convertToViewportRectangle(bbox);
            const left = Math.min(x1, x2);
            const top = Math.min(y1, y2);
            return [(100 * left) / width, (100 * top) / height, (100 * Math.abs(x2 - x1)) / width, (100 * Math.abs(y2 - y1)) / height];
          },
        });
      } finally {
        page.cleanup();
      }
    }
    return pages;
  }, { limits });
}
