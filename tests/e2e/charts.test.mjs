// Every kind of chart scry chooses, as the page draws it, in a real browser
// (Debian's chromium driven by playwright-core) against the real
// `scry serve`: for each shape of result, a question in a new chat, and its
// answer card must show the summary, the chart the server chose (the Vega
// mark in the SVG and the spec's description as the figure's name), the
// table and the SQL; the table alone when no chart fits. Each card is saved
// as a screenshot (SCRY_SCREENSHOTS), one per chart kind.
// Run by run.mjs (ctest browser_e2e) as: node --test charts.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launchChromium } from "./browser.mjs";
import { startServer, EMAIL, PASSWORD } from "./server.mjs";

// One per chart kind, in a folder of their own (README.md shows them).
const shots = process.env.SCRY_SCREENSHOTS && join(process.env.SCRY_SCREENSHOTS, "charts");
let server, browser, page;
const problems = [];

// Question → what its card must show. `mark`: the Vega mark class drawn
// (mark-line, mark-rect, ...); `described`: words of the chart's
// description (its accessible name); `text`: words the SVG must hold.
const kinds = [
  { name: "kpi", question: "total revenue", mark: "text", described: /single number/ },
  { name: "kpi-change", question: "revenue this year vs last year", mark: "text",
    described: /change from the previous period/ },
  { name: "line", question: "revenue by month", mark: "line", described: /^Line chart/ },
  { name: "bars-few-periods", question: "revenue by year since 2023", mark: "rect",
    described: /^Bar chart of Revenue over Year, 3 periods/ },
  { name: "area-cumulative", question: "cumulative revenue by month this year", mark: "area",
    described: /^Area chart/ },
  { name: "bars-sorted", question: "revenue by category", mark: "rect",
    described: /sorted by value/ },
  { name: "bars-other", question: "revenue by brand", mark: "rect", described: /as Other/,
    text: "Other" },
  { name: "pie", question: "orders by status as a pie chart", mark: "arc", described: /^Pie chart/ },
  { name: "scatter", question: "revenue and quantity by subcategory", mark: "symbol",
    described: /^Scatter plot/ },
  { name: "stacked-bars", question: "revenue by category and channel", mark: "rect",
    described: /^Stacked bar chart/ },
  { name: "multi-line", question: "revenue by month and channel", mark: "line",
    described: /^Line chart of Revenue by Channel/ },
  { name: "heatmap", question: "revenue by subcategory and store country", mark: "rect",
    described: /^Heatmap/ },
];

async function newChatAndAsk(question) {
  await page.getByRole("button", { name: "+ New chat" }).click();
  const box = page.getByLabel("Your question");
  await box.fill(question);
  await box.press("Enter");
  const card = page.locator(".turn .answer").last();
  await card.locator(".summary").waitFor();
  return card;
}

// The top of the card down to a few table rows under its chart, below the
// top bar: the card scrolls inside the chat, so it is brought into view in
// its scrolling box first.
async function save(card, name) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await card.evaluate((el) => {
    el.scrollIntoView({ block: "start" });
    const bar = document.querySelector("header")?.getBoundingClientRect().bottom ?? 0;
    let box = el.parentElement;
    while (box && !(box.scrollHeight > box.clientHeight && /auto|scroll/.test(getComputedStyle(box).overflowY))) {
      box = box.parentElement;
    }
    const gap = bar + 8 - el.getBoundingClientRect().top;
    if (box && gap > 0) box.scrollTop -= gap;
  });
  const top = await card.boundingBox();
  const figure = await card.locator("figure.chart, table").first().boundingBox();
  const bottom = Math.min(top.y + top.height, figure.y + figure.height + 140, page.viewportSize().height);
  await page.screenshot({
    path: join(shots, `chart-${name}.png`),
    clip: { x: top.x, y: top.y, width: top.width, height: bottom - top.y },
  });
}

before(async () => {
  server = await startServer({ scry: process.env.SCRY_BIN, webRoot: process.env.SCRY_WEB_ROOT });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 1400 } });
  page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on("console", (m) => { if (m.type() === "error") problems.push(m.text()); });
  page.on("request", (r) => { if (!r.url().startsWith(server.url)) problems.push(`external fetch: ${r.url()}`); });
  await page.goto(server.url);
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByLabel("Your question").waitFor();
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

for (const kind of kinds) {
  test(`${kind.name}: “${kind.question}” is drawn as ${kind.mark} marks with summary, table and SQL`, async () => {
    const card = await newChatAndAsk(kind.question);
    await card.locator(`.chart svg .mark-${kind.mark}`).first().waitFor();
    assert.ok(await card.locator(`.chart svg .mark-${kind.mark} > *`).count() >= 1,
      `${kind.question}: no ${kind.mark} marks`);
    const described = (await card.locator("figure.chart").first().getAttribute("aria-label")) ?? "";
    assert.match(described, kind.described, `${kind.question}: chart described as “${described}”`);
    if (kind.text) {
      assert.match(await card.locator(".chart svg").first().textContent(), new RegExp(kind.text));
    }
    assert.ok((await card.locator(".summary").innerText()).length > 10, "a summary sentence");
    await card.locator("table").first().waitFor({ state: "attached" });
    assert.match(await card.locator(".sql-code").first().textContent(), /SELECT/i);
    await save(card, kind.name);
  });
}

test("too many rows for a chart: the table alone, with its summary and SQL", async () => {
  const card = await newChatAndAsk("revenue by product");
  await card.locator("table tbody tr").first().waitFor();
  assert.equal(await card.locator(".chart svg").count(), 0, "no chart for 1,000+ rows");
  assert.ok((await card.locator(".summary").innerText()).length > 10);
  assert.match(await card.locator(".sql-code").first().textContent(), /SELECT/i);
  await save(card, "table-alone");
});

test("no console errors and nothing fetched from elsewhere", () => {
  assert.deepEqual(problems, []);
});
