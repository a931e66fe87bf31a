// The review page in a real browser (Debian's chromium driven by playwright-core): pages and boxes
// drawn, a click on a field lights its box and a click on a box lights its field, differences from
// the expected document marked. Screenshots go to test-output/. Without /usr/bin/chromium the tests
// are skipped, unless REQUIRE_BROWSER=1 (as .ci/run sets it) makes that a failure.
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT, SAMPLES, runCli, tempDir } from "./helpers/cli.js";

const CHROMIUM = "/usr/bin/chromium";
const available = fs.existsSync(CHROMIUM);
if (!available && process.env.REQUIRE_BROWSER === "1") throw new Error(`REQUIRE_BROWSER=1 but ${CHROMIUM} is missing`);
const OUTPUT = path.join(ROOT, "test-output");

describe.skipIf(!available)("review page in Chromium", () => {
  let browser: Browser;
  let pdfPage: string;
  let textPage: string;
  let warnedPage: string;

  beforeAll(async () => {
    // A PDF sample whose expected file disagrees on one field, and a dump.
    const dir = tempDir();
    fs.copyFileSync(path.join(SAMPLES, "kosodate-r4-writer.pdf"), path.join(dir, "kosodate.pdf"));
    const expected = JSON.parse(fs.readFileSync(path.join(SAMPLES, "kosodate-r4-writer.expected.json"), "utf8")) as { sheets: Array<{ purpose: string }> };
    (expected.sheets[0] as { purpose: string }).purpose = "違う目的";
    fs.writeFileSync(path.join(dir, "kosodate.expected.json"), JSON.stringify(expected));
    fs.copyFileSync(path.join(SAMPLES, "shogai-h30.txt"), path.join(dir, "shogai.txt"));
    const out = tempDir();
    fs.copyFileSync(path.join(import.meta.dirname, "fixtures", "warnings", "extra-column-end.txt"), path.join(dir, "warned.txt"));
    const r = await runCli(["review", path.join(dir, "kosodate.pdf"), path.join(dir, "shogai.txt"), path.join(dir, "warned.txt"), "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    pdfPage = path.join(out, "kosodate.review.html");
    textPage = path.join(out, "shogai.review.html");
    warnedPage = path.join(out, "warned.review.html");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
    fs.mkdirSync(OUTPUT, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function open(file: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
    const failed: string[] = [];
    page.on("requestfailed", (req) => failed.push(req.url()));
    await page.goto(`file://${file}`);
    await page.waitForLoadState("load");
    expect(failed, "the page loads nothing from elsewhere").toEqual([]);
    return page;
  }

  it("draws every PDF page and a box for the extracted fields", async () => {
    const page = await open(pdfPage);
    const images = page.locator(".page img");
    expect(await images.count()).toBe(3);
    const widths = await images.evaluateAll((imgs) => imgs.map((i) => (i as unknown as { naturalWidth: number }).naturalWidth));
    for (const w of widths) expect(w).toBeGreaterThan(500);
    expect(await page.locator(".box").count()).toBeGreaterThan(30);
    expect(await page.locator(".field").count()).toBe(await page.locator(".field").count());
    await page.screenshot({ path: path.join(OUTPUT, "review-pdf.png") });
    await page.close();
  });

  it("lights a field's box when the field is clicked, and the field when its box is clicked", async () => {
    const page = await open(pdfPage);
    const field = page.locator(".field", { hasText: "面談実施率１００％" }).first();
    await field.click();
    const id = await field.getAttribute("data-field");
    const box = page.locator(`.box[data-field="${id}"]`);
    await expect.poll(() => box.first().getAttribute("class")).toContain("active");
    expect(await box.first().isVisible()).toBe(true);
    expect(await page.locator(".box.active").count()).toBe(await box.count());

    // and the other way: click another field's box
    const other = page.locator(".box").nth(3);
    const otherId = await other.getAttribute("data-field");
    await other.click();
    await expect.poll(() => page.locator(`#f-${otherId}`).getAttribute("class")).toContain("active");
    expect(await page.locator(".field.active").count()).toBe(1);
    await page.screenshot({ path: path.join(OUTPUT, "review-pdf-selected.png") });
    await page.close();
  });

  it("marks the fields that differ from the expected document, in the list and on the page", async () => {
    const page = await open(pdfPage);
    expect(await page.locator(".field.miss").count()).toBe(1);
    const miss = page.locator(".field.miss");
    expect(await miss.textContent()).toContain("違う目的");
    const id = await miss.getAttribute("data-field");
    expect(await page.locator(`.box.miss[data-field="${id}"]`).count()).toBeGreaterThan(0);
    expect(await page.locator("header").textContent()).toContain("1 項目が異なる");
    await page.close();
  });

  it("shows a dump's lines and lights the line of a clicked field", async () => {
    const page = await open(textPage);
    expect(await page.locator("ol.lines li").count()).toBeGreaterThan(20);
    const field = page.locator(".field", { hasText: "文化財の保存と活用" }).first();
    await field.click();
    const active = page.locator("ol.lines li.active");
    await expect.poll(() => active.count()).toBe(1);
    expect(await active.textContent()).toContain("文化財の保存と活用");
    await page.screenshot({ path: path.join(OUTPUT, "review-text.png") });
    await page.close();
  });

  it("lists warnings with the coverage, and lights the line of text that went into no field", async () => {
    const page = await open(warnedPage);
    expect(await page.locator("header").textContent()).toContain("警告 2 件");
    expect(await page.locator(".warnings li").count()).toBe(2);
    expect(await page.locator("#fields h2").first().textContent()).toMatch(/文字の 98\.7% を項目に配置/);
    const unplaced = page.locator(".field.unplaced");
    expect(await unplaced.count()).toBe(2);
    await unplaced.first().click();
    const active = page.locator("ol.lines li.active");
    await expect.poll(() => active.count()).toBe(1);
    expect(await active.textContent()).toContain("公民館係");
    await page.screenshot({ path: path.join(OUTPUT, "review-warnings.png") });
    const clean = await open(textPage);
    expect(await clean.locator(".warnings").count()).toBe(0);
    expect(await clean.locator("header").textContent()).toContain("警告なし");
    await clean.close();
    await page.close();
  });
});
