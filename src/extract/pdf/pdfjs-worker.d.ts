// pdfjs-dist ships no types for its worker module; it is loaded for its side effect and handed to
// pdf.js through globalThis.pdfjsWorker.
declare module "pdfjs-dist/legacy/build/pdf.worker.mjs" {
  export const WorkerMessageHandler: unknown;
}
