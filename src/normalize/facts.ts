import type { Fact } from "../model/index.js";

export interface FactContext {
  fiscalYear?: number | undefined;
}

export type UnplacedFact = Fact extends infer F ? (F extends Fact ? Omit<F, "field"> : never) : never;

/** Facts found in one text (placeholder until normalization lands). */
export function extractFacts(_text: string, _context: FactContext = {}): UnplacedFact[] {
  return [];
}
