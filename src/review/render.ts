// PDF pages as images for the review page, rendered at build time (pdf.js with @napi-rs/canvas),
// so the page opens from disk with no server and no script library. Fonts a PDF does not embed are
// drawn with a Japanese system font where one is installed.
import type { Bbox } from "../model/index.js";
import { withPdfDocument } from "../extract/pdf/document.js";
import { registerJapaneseFonts } from "../extract/pdf/fonts.js";

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

/** Renders every page of a PDF to a PNG (about 1200 px wide at the default scale). */
export async function renderPdfPages(bytes: Uint8Array, scale = 1.5): Promise<RenderedPage[]> {
  registerJapaneseFonts();
  return withPdfDocument(bytes, async (doc) => {
    const pages: RenderedPage[] = [];
    const factory = (doc as unknown as { canvasFactory: { create(w: number, h: number): { canvas: { encode(f: "png"): Promise<Buffer> }; context: unknown } } }).canvasFactory;
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      try {
        const viewport = page.getViewport({ scale });
        const width = Math.ceil(viewport.width);
        const height = Math.ceil(viewport.height);
        const { canvas, context } = factory.create(width, height);
        await page.render({ canvasContext: context as never, canvas: canvas as never, viewport }).promise;
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
  });
}
