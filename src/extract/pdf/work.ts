// The layout's work on one page, counted rather than timed: every stage adds the glyphs, lines,
// rules, strips and label tests it visits. A count is the same on every machine and every run, so
// a page that runs over its budget is laid out by the plain fallback on any machine alike, and
// output stays a function of the input's bytes. The growth test reads the counts by stage.

/** The stages of a page's layout, each with its stated bound (n: the page's glyphs and rules). */
export const STAGES = {
  /** Glyphs placed, overprints dropped (bucketed by place and character): O(n). */
  glyphs: 0,
  /** Glyphs into lines (toLines, sorted, each glyph matched against the lines within reach): O(n log n). */
  lines: 1,
  /** Ruled regions: rule ends matched by bisection, the grid of the rules' distinct positions (X·Y cells). */
  regions: 2,
  /** Cell text (paragraph breaks, lines' reach): O(n) over a cell's glyphs. */
  cells: 3,
  /** Free text into bands (rules across a gap by bisection, line gaps): O(n log n). */
  bands: 4,
  /** A band's gutters, shading and label edges (sorted spans, bisection): O(n log n) per band. */
  columns: 5,
  /** Header and item labels tried on pieces of a band (bounded pieces, each O(label)). */
  labels: 6,
  /** Item tables (anchored columns, rows cut at markers) and the cells of the bands: O(n log n). */
  tables: 7,
} as const;
export type Stage = keyof typeof STAGES;

/** What a page's layout counted, by stage. */
export class LayoutWork {
  readonly byStage = new Float64Array(Object.keys(STAGES).length);
  total = 0;
  constructor(readonly limit: number) {}

  stage(name: Stage): number {
    return this.byStage[STAGES[name]] ?? 0;
  }
}

/** Thrown out of the layout when its page has spent its budget; layoutPage falls back. */
export class LayoutBudgetExceeded extends Error {
  constructor(readonly work: LayoutWork) {
    super(`the page's layout ran over its budget of ${work.limit} operations`);
  }
}

let current: LayoutWork | undefined;

/** Counts `n` operations of a stage against the page being laid out (nothing outside a layout). */
export function spend(stage: number, n: number): void {
  const work = current;
  if (!work) return;
  work.byStage[stage] = (work.byStage[stage] ?? 0) + n;
  work.total += n;
  if (work.total > work.limit) throw new LayoutBudgetExceeded(work);
}

/** Runs `fn` with its operations counted in `work` (layout is synchronous: one page at a time). */
export function counting<T>(work: LayoutWork, fn: () => T): T {
  const outer = current;
  current = work;
  try {
    return fn();
  } finally {
    current = outer;
  }
}
