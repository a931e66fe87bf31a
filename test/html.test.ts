import { describe, expect, it } from "vitest";
import { htmlToText } from "../src/extract/text/html.js";
import { readCases } from "./helpers/cases.js";

describe("HTML fragments in dump cells (test/cases/html.tsv)", () => {
  it.each(readCases("html.tsv"))("$input ($reason)", ({ input, expected }) => {
    expect(htmlToText(input ?? "")).toBe(expected);
  });
});
