// The message port between pdf.js's two halves when both run in this thread. pdf.js's own
// LoopbackPort deep-copies every message (structuredClone), as a real worker boundary would; for a
// page's operator list that is every glyph object of every showText, over again for each page: 10 %
// of reading a sheet, and more garbage to collect. This port copies the same, except an operator
// list chunk, whose two arrays are copied and whose operations are handed over as they are: pdf.js
// empties and refills those two arrays after posting them (OperatorList.flush), but builds every
// operation's arguments fresh and never touches them again (a path is posted as a new Float32Array,
// glyphs come from the font's cache and are not changed after they are made). The reader only reads
// them. Everything else is cloned as pdf.js does.

import type { TransferListItem } from "node:worker_threads";

type Listener = (this: unknown, event: { data: unknown }) => void;

/** pdf.js's StreamKind.ENQUEUE: a chunk of a stream (getOperatorList sends its chunks so). */
const STREAM_ENQUEUE = 4;
/** pdf.js's StreamKind.ERROR: the sending half failed the stream (a page whose content could not be read). */
const STREAM_ERROR = 5;

/** The reason an ERROR message carries, unless it is the abort of a document being closed. */
function streamFailure(message: unknown): string | undefined {
  if (typeof message !== "object" || message === null) return undefined;
  const { stream, reason } = message as { stream?: unknown; reason?: { name?: unknown; message?: unknown } };
  if (stream !== STREAM_ERROR || reason?.name === "AbortException") return undefined;
  return typeof reason?.message === "string" && reason.message !== "" ? reason.message : "the stream failed";
}

interface OperatorListChunkMessage {
  stream: number;
  chunk: { fnArray: unknown[]; argsArray: unknown[] };
}

function isOperatorListChunk(message: unknown): message is OperatorListChunkMessage {
  if (typeof message !== "object" || message === null) return false;
  const { stream, chunk } = message as { stream?: unknown; chunk?: { fnArray?: unknown; argsArray?: unknown } | null };
  return stream === STREAM_ENQUEUE && typeof chunk === "object" && chunk !== null && Array.isArray(chunk.fnArray) && Array.isArray(chunk.argsArray);
}

/** The copy a message is delivered as. */
export function deliveredCopy(message: unknown, transfer?: TransferListItem[]): unknown {
  // The buffers a chunk transfers (paths, transforms) are detached from pdf.js's side by a real
  // transfer, so it cannot use them after posting: handing them over undetached is the same.
  if (isOperatorListChunk(message)) {
    const { chunk } = message;
    return { ...message, chunk: { ...chunk, fnArray: chunk.fnArray.slice(), argsArray: chunk.argsArray.slice() } };
  }
  return structuredClone(message, transfer && transfer.length > 0 ? { transfer } : undefined);
}

/**
 * One port both halves listen on (each MessageHandler keeps only messages addressed to it), with
 * pdf.js's LoopbackPort's semantics: listeners are called on a later microtask, in order.
 */
export class InThreadPort {
  private readonly listeners = new Set<Listener>();
  private readonly deferred = Promise.resolve();
  private failures: string[] = [];

  /**
   * Streams a half failed since the last call. pdf.js's main half resolves an operator list whose
   * worker half failed (a page whose content stream cannot be fetched) with the operations it had
   * so far, often none, and no warning (api.js, _pumpOperatorList: lastChunk, then a rejection that
   * comes too late): the failure is seen here, as the message goes by.
   */
  takeFailures(): string[] {
    const out = this.failures;
    this.failures = [];
    return out;
  }

  postMessage(message: unknown, transfer?: TransferListItem[]): void {
    const failure = streamFailure(message);
    if (failure !== undefined) this.failures.push(failure);
    const event = { data: deliveredCopy(message, transfer) };
    void this.deferred.then(() => {
      for (const listener of this.listeners) listener.call(this, event);
    });
  }

  addEventListener(_type: string, listener: Listener, options?: { signal?: AbortSignal } | null): void {
    const signal = options?.signal;
    if (signal?.aborted) return;
    this.listeners.add(listener);
    signal?.addEventListener("abort", () => this.listeners.delete(listener), { once: true });
  }

  removeEventListener(_type: string, listener: Listener): void {
    this.listeners.delete(listener);
  }

  terminate(): void {
    this.listeners.clear();
  }
}
