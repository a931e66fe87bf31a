// The library: extract one document from bytes, run a batch, compare with expected output,
// normalize text into facts. The CLI is a thin shell over these.
export * from "./model/index.js";
export { SheetExtractError, ERROR_CODES, type ErrorCode } from "./errors.js";
export { extractDocument, extractWithCoverage, readDocument, finishDocument, detectFormat, type ExtractOptions } from "./pipeline.js";
export { documentWarnings, coverageOf, WARNING_RULES, type Coverage } from "./validate/warnings.js";
export { runBatch, formatSummary, type BatchOptions, type BatchSummary, type OutputFormat } from "./batch/run.js";
export { runCheck, runTriage, type CheckReport, type CheckOptions, type TriageReport } from "./check/run.js";
export { compareDocuments, type FieldResult, type ExpectedDocument } from "./check/compare.js";
export { extractFacts, type FactContext } from "./normalize/facts.js";
export { documentJson, sheetLines } from "./export/json.js";
export { runReview, type ReviewOptions, type ReviewSummary } from "./review/run.js";
export { WarehouseLoader, loadOutputFolder, type LoadSummary } from "./warehouse/load.js";
export { schemaSql, type Dialect } from "./warehouse/ddl.js";
export { formatCheckReport, formatTriageReport, type ReportFormat } from "./check/report.js";
