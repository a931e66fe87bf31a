import { SheetExtractError } from "../../errors.js";
import type { Grid } from "../grid.js";

export async function readPdfGrid(_bytes: Uint8Array): Promise<Grid> {
  throw new SheetExtractError("UNSUPPORTED_FORMAT", "PDF reading is not built yet");
}
