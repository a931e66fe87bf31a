// pdfjs-dist ships no types for its worker module; it is loaded for its side effect and handed to
// pdf.js through globalThis.pdfjsWorker.
declare module "pdfjs-dist/legacy/build/pdf.worker.mjs" {
  export const WorkerMessageHandler: {
    /** Sets pdf.js's worker half up on a port (names "worker" → "main") and says it is ready. */
    initializeFromPort(port: unknown): void;
  };
}
