// The browser UI in a real browser: Debian's chromium driven by
// playwright-core, against the real `scry serve`. Run by ctest
// (tests/e2e/CMakeLists.txt) as: node --test ui.test.mjs
// Environment: SCRY_BIN (the scry binary), SCRY_WEB_ROOT (web/dist),
// SCRY_CHROMIUM (default /usr/bin/chromium), SCRY_SCREENSHOTS (a folder to
// save the main screens to; none when unset).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { chromium } from "playwright-core";
import { startServer, EMAIL, PASSWORD, VIEWER_EMAIL } from "./server.mjs";

const chromiumPath = process.env.SCRY_CHROMIUM ?? "/usr/bin/chromium";
const shots = process.env.SCRY_SCREENSHOTS;
let server, browser, context, page;
const consoleErrors = [];
const chartLibraryLoads = [];

async function screenshot(name) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: join(shots, `${name}.png`) });
}

// One element (an answer card) rather than the viewport.
async function screenshotOf(locator, name) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  // A viewport tall enough for the whole card, which scrolls inside the chat.
  const size = page.viewportSize();
  await page.setViewportSize({ width: size.width, height: 1500 });
  await locator.scrollIntoViewIfNeeded();
  await locator.screenshot({ path: join(shots, `${name}.png`) });
  await page.setViewportSize(size);
}

async function ask(question) {
  const box = page.getByLabel("Your question");
  await box.fill(question);
  await box.press("Enter");
}

const answers = () => page.locator(".turn .answer");

// Questions the server has answered so far (its Prometheus counter).
async function questionsAnswered() {
  const text = await (await page.request.get(`${server.url}/metrics`)).text();
  return text.split("\n").filter((l) => l.startsWith("scry_questions_total"))
    .reduce((sum, l) => sum + Number(l.trim().split(/\s+/).pop()), 0);
}

before(async () => {
  server = await startServer({ scry: process.env.SCRY_BIN, webRoot: process.env.SCRY_WEB_ROOT });
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
  page.on("request", (r) => {
    if (!r.url().startsWith(server.url)) consoleErrors.push(`external fetch: ${r.url()}`);
    if (/\/assets\/embed-[^/]*\.js$/.test(r.url())) chartLibraryLoads.push(r.url());
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("signs in", async () => {
  await page.goto(server.url);
  await screenshot("1-sign-in");
  await page.getByLabel("Password").fill("wrong");
  await page.getByLabel("Email").fill(EMAIL);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").filter({ hasText: "do not match" }).waitFor();
  consoleErrors.length = 0;  // the refused sign-in's 401, logged by the browser
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /Ask a question about Demo sales/ }).waitFor();
  // The first example questions the server made from the space's model.
  const examples = page.getByRole("list", { name: "Example questions" }).getByRole("button");
  await examples.first().waitFor();
  const [space] = (await (await page.request.get(`${server.url}/api/v1/spaces`)).json()).spaces;
  const catalog = await (await page.request.get(`${server.url}/api/v1/spaces/${space.id}/catalog`)).json();
  assert.deepEqual(await examples.allInnerTexts(), catalog.example_questions.slice(0, 4));
  await screenshot("2-new-chat");
  assert.deepEqual(chartLibraryLoads, [], "the chart library waits for the first chart");
});

test("asks a question and shows the table and the SQL", async () => {
  await ask("revenue by store region");
  const card = answers().nth(0);
  await card.locator("table").waitFor();
  assert.match(await card.locator(".restatement").innerText(), /Revenue by store region/i);
  assert.ok(await card.locator(".chip").count() >= 2, "the reading shows as chips");
  assert.ok(await card.locator("tbody tr").count() >= 2, "a row per region");
  await card.locator(".sql summary").click();
  assert.match(await card.locator(".sql pre").innerText(), /SELECT/i);
  const csv = await card.getByRole("link", { name: "Download CSV" }).getAttribute("href");
  assert.match(csv, /\/result\.csv$/);
  const download = await page.request.get(server.url + csv);
  assert.equal(download.status(), 200);
  const lines = (await download.text()).trim().split(/\r?\n/);
  assert.match(lines[0], /revenue/);
  assert.equal(lines.length, 5, "a header and a line per store region");
  await page.getByRole("navigation").getByRole("button", { name: "Revenue by store region", exact: true }).waitFor();
  await screenshot("3-answer");
});

test("a follow-up narrows the answer", async () => {
  await ask("only online");
  const card = answers().nth(1);
  await card.locator("table").waitFor();
  assert.match(await card.locator(".restatement").innerText(), /online/i);
  await card.locator(".sql summary").click();
  assert.match(await card.locator(".sql pre").innerText(), /online/i);
});

test("the question box: Shift+Enter is a new line, the up arrow brings back earlier questions", async () => {
  const box = page.getByLabel("Your question");
  await box.fill("");
  await box.type("first line");
  await box.press("Shift+Enter");
  await box.type("second");
  assert.equal(await box.inputValue(), "first line\nsecond");
  await box.fill("");
  await box.press("ArrowUp");
  assert.equal(await box.inputValue(), "only online");
  await box.press("ArrowUp");
  assert.equal(await box.inputValue(), "revenue by store region");
  await box.press("ArrowDown");
  assert.equal(await box.inputValue(), "only online");
  await box.fill("");
});

test("a column header sorts the table", async () => {
  const card = answers().nth(0);
  await card.getByRole("button", { name: /^revenue/ }).click();
  assert.equal(await card.locator("th[aria-sort]").getAttribute("aria-sort"), "descending");
  assert.equal(await card.locator("tbody tr").first().locator("td").nth(1).innerText(), "North America");
});

test("thumbs up is stored", async () => {
  const button = answers().nth(1).getByRole("button", { name: "Good answer" });
  await button.click();
  await page.waitForFunction(() =>
    document.querySelectorAll(".turn .answer")[1]?.querySelector('[aria-label="Good answer"]')?.getAttribute("aria-pressed") === "true");
});

test("a clarification is answered by a click", async () => {
  await page.getByRole("button", { name: "+ New chat" }).click();
  await ask("revenue by region");
  const card = answers().nth(0);
  await card.locator(".choices").waitFor();
  await screenshot("4-clarification");
  await card.getByRole("button", { name: "Store region" }).click();
  const next = answers().nth(1);
  await next.locator("table").waitFor();
  assert.match(await next.locator(".restatement").innerText(), /store region/i);
});

test("renames and deletes a conversation", async () => {
  const nav = page.getByRole("navigation");
  await nav.getByRole("button", { name: /^Rename revenue by store region/i }).click();
  const input = nav.getByLabel("New title");
  await input.fill("Regional revenue");
  await input.press("Enter");
  await nav.getByRole("button", { name: "Regional revenue", exact: true }).waitFor();
  // Grouped by date: the conversations just started are under "Today" (the
  // server stamps them with the real time, though it reads questions against
  // a fixed day).
  assert.deepEqual(await nav.locator("section h2").allTextContents(), ["Today"]);
  const today = await nav.getByRole("region", { name: "Today" }).locator(".item .title").allInnerTexts();
  assert.ok(today.includes("Regional revenue") && today.some((t) => /revenue by region/i.test(t)), today.join(", "));
  await nav.getByRole("button", { name: /^Delete revenue by region/i }).click();
  await screenshot("5-delete-confirmation");
  await nav.getByRole("button", { name: "Delete", exact: true }).click();
  await page.waitForFunction(() =>
    ![...document.querySelectorAll("nav .item .title")].some((b) => /revenue by region/i.test(b.textContent)));
  await page.getByLabel("Search conversations").fill("regional");
  await page.waitForFunction(() => document.querySelectorAll("nav .item").length === 1);
  await page.getByLabel("Search conversations").fill("no such conversation");
  await page.getByText("No conversation matches.").waitFor();
  await page.getByLabel("Search conversations").fill("");
});

test("after a reload the history is back, and no query ran again", async () => {
  await page.getByRole("navigation").getByRole("button", { name: "Regional revenue", exact: true }).click();
  await answers().nth(1).locator("table").waitFor();
  const before = await questionsAnswered();
  assert.ok(before >= 4, `the counter counts the questions asked (${before})`);
  await page.reload();
  await answers().nth(1).locator("table").waitFor();
  assert.equal(await answers().count(), 2);
  assert.match(await page.locator(".turn .question").nth(1).innerText(), /only online/);
  assert.equal(await answers().nth(1).getByRole("button", { name: "Good answer" }).getAttribute("aria-pressed"), "true",
    "the thumbs up was stored");
  assert.equal(await questionsAnswered(), before);
});

test("the server's chart is drawn as SVG", async () => {
  await answers().nth(0).locator(".chart svg").first().waitFor();
  assert.ok(await answers().nth(0).locator(".chart svg .mark-rect path").count() >= 4, "a bar per region");
  assert.ok(chartLibraryLoads.length >= 1);
  await screenshot("7-chart");
});

test("works at phone width", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  await answers().nth(0).locator("table").waitFor();
  await screenshot("6-phone");
  await page.getByRole("button", { name: "Conversations" }).click();
  await page.getByRole("navigation").getByRole("button", { name: "Regional revenue", exact: true }).waitFor();
  await page.setViewportSize({ width: 1280, height: 860 });
});

test("a question about nothing in the data gets plain words back", async () => {
  await page.getByRole("button", { name: "+ New chat" }).click();
  await ask("what is the weather on mars");
  const card = answers().nth(0);
  await card.waitFor();
  assert.equal(await card.locator("table").count(), 0);
  assert.ok((await card.innerText()).trim().length > 10, "says what can be asked");
  // Questions that work on this space, one click away.
  const instead = card.getByRole("group", { name: "Questions to try instead" }).getByRole("button");
  await instead.first().waitFor();
  assert.equal(await instead.count(), 3);
  await screenshot("8-not-understood");
  const question = await instead.first().innerText();
  await instead.first().click();
  await answers().nth(1).locator("table").waitFor();
  const asked = await page.locator(".turn .question").nth(1).innerText();
  assert.ok(asked.endsWith(question), `asked "${asked}"`);
});

// The answer card's features, in a chat of their own.
const conversationId = () => new URLSearchParams(new URL(page.url()).hash.slice(1)).get("c");
const markCount = (card, mark) => card.locator(`.chart svg .mark-${mark} path`).count();

test("the chart switches to other types and to the table, and back", async () => {
  await page.getByRole("button", { name: "+ New chat" }).click();
  await ask("revenue by store region");
  const card = answers().nth(0);
  await card.locator(".chart svg .mark-rect path").first().waitFor();
  const loads = chartLibraryLoads.length;
  const views = card.getByRole("group", { name: "Show the result as" });
  assert.deepEqual(await views.getByRole("button").allInnerTexts(), ["Bars", "Lollipop", "Pie", "Table"]);
  assert.equal(await markCount(card, "rect"), 4, "a bar per region");

  await views.getByRole("button", { name: "Lollipop" }).click();
  await card.locator(".chart svg .mark-symbol path").first().waitFor();
  assert.equal(await markCount(card, "symbol"), 4, "a dot per region");
  assert.equal(await views.getByRole("button", { name: "Lollipop" }).getAttribute("aria-pressed"), "true");

  await views.getByRole("button", { name: "Pie" }).click();
  await card.locator(".chart svg .mark-arc path").first().waitFor();
  assert.equal(await markCount(card, "arc"), 4, "a slice per region");
  await screenshot("10-chart-pie");

  await views.getByRole("button", { name: "Table" }).click();
  await card.locator(".chart").waitFor({ state: "detached" });
  assert.equal(await card.locator("tbody tr").count(), 4, "the table stays");

  await views.getByRole("button", { name: "Bars" }).click();
  await card.locator(".chart svg .mark-rect path").first().waitFor();
  assert.equal(await markCount(card, "rect"), 4);
  assert.equal(chartLibraryLoads.length, loads, "the chart library loads once");
});

test("a series over time switches between line, area and bars", async () => {
  await ask("revenue by year");
  const card = answers().nth(1);
  await card.locator(".chart svg .mark-line path").first().waitFor();
  const views = card.getByRole("group", { name: "Show the result as" });
  assert.deepEqual(await views.getByRole("button").allInnerTexts(), ["Line", "Area", "Bars", "Table"]);
  await views.getByRole("button", { name: "Area" }).click();
  await card.locator(".chart svg .mark-area path").first().waitFor();
  await views.getByRole("button", { name: "Bars" }).click();
  await card.locator(".chart svg .mark-rect path").first().waitFor();
  assert.equal(await markCount(card, "rect"), 6, "a bar per year");
});

test("the table is copied as tab-separated text", async () => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: server.url });
  const card = answers().nth(0);
  await card.getByRole("button", { name: "Copy table" }).click();
  await card.getByRole("status").filter({ hasText: "Copied 4 rows" }).waitFor();
  const text = await page.evaluate(() => navigator.clipboard.readText());
  const lines = text.trimEnd().split("\n");
  assert.equal(lines[0], "revenue\tregion");
  assert.equal(lines.length, 5, "a header and a line per region");
  assert.match(lines[1], /^\d+(\.\d+)?\t\S/, "raw numbers, then the region");
});

test("the SQL is highlighted, and an author edits and runs it as a new turn", async () => {
  const card = answers().nth(0);
  await card.locator(".sql summary").click();
  assert.ok((await card.locator(".sql .tok-keyword").allInnerTexts()).includes("SELECT"), "keywords highlighted");
  assert.ok(await card.locator(".sql .tok-identifier").count() >= 3, "identifiers highlighted");
  assert.match(await card.locator(".sql pre").innerText(), /GROUP BY/);
  await screenshotOf(card, "11-answer-card");
  await card.getByRole("button", { name: "Edit SQL" }).click();
  const editor = card.getByLabel("SQL to run");
  assert.equal(await editor.evaluate((e) => e === document.activeElement), true, "the editor takes the focus");
  const sql = "-- stores per region\nSELECT stores.region, count(*) AS stores\nFROM stores\n" +
    "WHERE stores.region <> 'Mars' AND 1 = 1\nGROUP BY stores.region\nORDER BY stores.region";
  await editor.fill(sql);
  await card.getByRole("button", { name: "Run", exact: true }).scrollIntoViewIfNeeded();
  await screenshot("12-sql-editor");
  await card.getByRole("button", { name: "Run", exact: true }).click();
  const next = answers().nth(2);
  await next.locator("table").waitFor();
  assert.match(await page.locator(".turn").nth(2).locator(".question").innerText(), /count\(\*\) AS stores/);
  assert.deepEqual(await next.locator("thead th").allInnerTexts(), ["region", "stores"]);
  assert.equal(await next.locator("tbody tr").count(), 4);
  await next.locator(".sql summary").click();
  assert.match(await next.locator(".sql pre").innerText(), /count\(\*\) AS stores/);
  const sqlOf = next.locator(".sql pre");
  assert.deepEqual(await sqlOf.locator(".tok-comment").allInnerTexts(), ["-- stores per region"]);
  assert.deepEqual(await sqlOf.locator(".tok-string").allInnerTexts(), ["'Mars'"]);
  assert.deepEqual(await sqlOf.locator(".tok-number").allInnerTexts(), ["1", "1"]);
  assert.ok((await sqlOf.locator(".tok-operator").allInnerTexts()).includes("<>"));
});

test("SQL that writes is refused in plain words", async () => {
  const card = answers().nth(2);
  // Escape closes the editor and gives the focus back to its button.
  await card.getByRole("button", { name: "Edit SQL" }).click();
  await card.getByLabel("SQL to run").press("Escape");
  await page.waitForFunction(() => document.activeElement?.textContent === "Edit SQL");
  await page.keyboard.press("Enter");
  const editor = card.getByLabel("SQL to run");
  await editor.fill("DELETE FROM orders");
  await editor.press("Control+Enter");
  const refused = answers().nth(3);
  await refused.getByText("That SQL was not run.").waitFor();
  const text = await refused.innerText();
  assert.match(text, /DELETE statements change data/);
  assert.doesNotMatch(text, /guard:|PERMISSION_DENIED/, "no internal words");
});

test("feedback takes a comment, stored and shown again", async () => {
  const card = answers().nth(0);
  await card.getByRole("button", { name: "Bad answer" }).click();
  const box = card.getByLabel("What was wrong?");
  await box.fill("I meant net revenue");
  await screenshotOf(card, "13-feedback-comment");
  await card.getByRole("button", { name: "Send comment" }).click();
  await card.getByText("I meant net revenue").waitFor();
  const stored = await (await page.request.get(`${server.url}/api/v1/conversations/${conversationId()}`)).json();
  assert.deepEqual(stored.messages[0].feedback, { rating: "down", comment: "I meant net revenue" });
  await page.reload();
  await answers().nth(0).getByText("I meant net revenue").waitFor();
  assert.equal(await answers().nth(0).getByRole("button", { name: "Bad answer" }).getAttribute("aria-pressed"), "true");
});

test("a running query is cancelled", async () => {
  const card = answers().nth(2);
  await card.locator(".sql summary").click();
  await card.getByRole("button", { name: "Edit SQL" }).click();
  await card.getByLabel("SQL to run").fill("SELECT count(*) AS n FROM order_items a, order_items b, order_items c");
  await card.getByRole("button", { name: "Run", exact: true }).click();
  const progress = page.locator(".card.progress");
  await progress.getByText("Running query…").waitFor();
  await progress.getByRole("button", { name: "Cancel" }).click();
  await progress.waitFor({ state: "detached" });
  assert.match(await answers().nth(4).innerText(), /cancel/i);
});

test("charts fit the card at phone width", async () => {
  await page.setViewportSize({ width: 390, height: 844 });
  const card = answers().nth(0);
  await card.locator(".chart svg").first().waitFor();
  await page.waitForFunction(() => {
    const card = document.querySelector(".turn .answer");
    const svg = card?.querySelector(".chart svg");
    // The chart is drawn again at the new width (its own width, not scaled by CSS).
    return svg && Number(svg.getAttribute("width")) <= card.clientWidth;
  });
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), "nothing wider than the phone");
  await card.scrollIntoViewIfNeeded();
  await screenshot("14-phone-chart");
  await page.setViewportSize({ width: 1280, height: 860 });
});

const goals = "region,goal\nEurope,10\nAsia Pacific,20\nNorth America,30\nLatin America,40\n";

test("a CSV is uploaded with progress and then asked about", async () => {
  await page.getByRole("button", { name: "+ New chat" }).click();
  // The upload is held until the progress bar has been seen.
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route(/\/attachments\?/, async (route) => { await held; await route.continue(); });
  await page.locator('input[type="file"]').setInputFiles({ name: "goals.csv", mimeType: "text/csv", buffer: Buffer.from(goals) });
  await page.locator(".uploading progress").waitFor();
  await screenshot("15-upload-progress");
  release();
  const chips = page.getByRole("list", { name: "Attached tables" });
  await chips.getByText("goals", { exact: true }).waitFor();
  await page.unroute(/\/attachments\?/);
  assert.match(await chips.innerText(), /4 rows/);
  await ask("total goal by region");
  const card = answers().nth(0);
  await card.locator("table").waitFor();
  await card.locator(".sql summary").click();
  assert.match(await card.locator(".sql pre").innerText(), /FROM goals/);
  const cells = await card.locator("tbody td").allInnerTexts();
  assert.ok(cells.includes("Latin America") && cells.includes("40"), `the file's rows: ${cells}`);
  await screenshot("16-upload-answer");
});

test("a file dropped on the chat that is not a table is refused with the reason", async () => {
  const file = await page.evaluateHandle(() => {
    const dt = new DataTransfer();
    dt.items.add(new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10])], "photo.png", { type: "image/png" }));
    return dt;
  });
  await page.dispatchEvent(".chat", "dragenter", { dataTransfer: file });
  await page.locator(".drop-overlay").waitFor();
  await screenshot("17-drop-zone");
  await page.dispatchEvent(".chat", "drop", { dataTransfer: file });
  await page.locator(".drop-overlay").waitFor({ state: "detached" });
  const alert = page.getByRole("alert").filter({ hasText: "photo.png was not attached" });
  await alert.waitFor();
  assert.match(await alert.innerText(), /not a CSV, Parquet or JSON file/);
  // The browser logs the refusal's 400 as an error: it is the one expected.
  const i = consoleErrors.findIndex((e) => /status of 400/.test(e));
  if (i >= 0) consoleErrors.splice(i, 1);
  assert.equal((await (await page.request.get(`${server.url}/api/v1/conversations/${conversationId()}/attachments`)).json()).attachments.length, 1);
  await page.getByRole("button", { name: "Remove goals.csv" }).click();
  await page.getByRole("list", { name: "Attached tables" }).waitFor({ state: "detached" });
  assert.equal((await (await page.request.get(`${server.url}/api/v1/conversations/${conversationId()}/attachments`)).json()).attachments.length, 0);
});

test("an author marks an answer as trusted; the same question then carries the Trusted badge", async () => {
  await page.getByRole("button", { name: "+ New chat" }).click();
  await ask("orders by store region");
  const first = answers().nth(0);
  await first.locator("table").waitFor();
  assert.equal(await first.locator(".badge.trusted").count(), 0);
  await first.getByRole("button", { name: "Mark as trusted" }).click();
  await first.getByRole("status").filter({ hasText: "Marked as trusted" }).waitFor();
  await page.getByRole("button", { name: "+ New chat" }).click();
  await ask("orders by store region");
  const again = answers().nth(0);
  const badge = again.locator(".badge.trusted");
  await badge.waitFor();
  assert.match(await badge.getAttribute("title"), /trusted question “orders by store region”/i);
  await again.locator("table").waitFor();
  assert.equal(await again.getByRole("button", { name: "Mark as trusted" }).count(), 0, "already trusted");
  await screenshotOf(again, "18-trusted");
});

test("a file larger than the server takes is refused with the limit", async () => {
  const big = Buffer.from("n\n" + "1234567\n".repeat(160 * 1024));  // 1.25 MiB, over the 1 MiB limit
  await page.locator('input[type="file"]').setInputFiles({ name: "big.csv", mimeType: "text/csv", buffer: big });
  const alert = page.getByRole("alert").filter({ hasText: "big.csv was not attached" });
  await alert.waitFor();
  assert.match(await alert.innerText(), /larger than the 1 MB the server takes/);
  const i = consoleErrors.findIndex((e) => /status of 413/.test(e));
  if (i >= 0) consoleErrors.splice(i, 1);
  await alert.getByRole("button", { name: "Dismiss" }).click();
});

test("a viewer cannot reach the SQL editor", async () => {
  const viewer = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const p = await viewer.newPage();
  p.on("console", (m) => { if (m.type() === "error") consoleErrors.push(`viewer: ${m.text()}`); });
  try {
    await p.goto(server.url);
    await p.getByLabel("Email").fill(VIEWER_EMAIL);
    await p.getByLabel("Password").fill(PASSWORD);
    await p.getByRole("button", { name: "Sign in" }).click();
    const box = p.getByLabel("Your question");
    await box.fill("revenue by store region");
    await box.press("Enter");
    const card = p.locator(".turn .answer").nth(0);
    await card.locator("table").waitFor();
    await card.locator(".sql summary").click();
    await card.getByRole("button", { name: "Copy SQL" }).waitFor();
    assert.equal(await p.getByRole("button", { name: "Edit SQL" }).count(), 0, "no edit control");
    assert.equal(await p.getByRole("button", { name: "Mark as trusted" }).count(), 0);
    const { csrf_token } = await (await p.request.get(`${server.url}/api/v1/me`)).json();
    const id = new URLSearchParams(new URL(p.url()).hash.slice(1)).get("c");
    const posted = await p.request.post(`${server.url}/api/v1/conversations/${id}/sql`,
      { data: { sql: "SELECT 1" }, headers: { "X-CSRF-Token": csrf_token } });
    assert.equal(posted.status(), 403, "the server refuses a viewer's SQL");
  } finally {
    await viewer.close();
  }
});

test("creates an access token, shown once, that works until revoked", async () => {
  await page.getByRole("button", { name: "Tokens" }).click();
  await page.getByLabel("Name", { exact: true }).fill("e2e script");
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = (await page.getByLabel("New token").innerText()).trim();
  assert.ok(secret.length >= 20);
  await screenshot("9-tokens");
  const asScript = (token) => page.request.get(`${server.url}/api/v1/me`,
    { headers: { Authorization: `Bearer ${token}`, Cookie: "" } });
  assert.equal((await asScript(secret)).status(), 200);
  await page.getByRole("button", { name: "Revoke e2e script" }).click();
  await page.getByText("revoked").waitFor();
  assert.equal((await asScript(secret)).status(), 401);
  await page.getByRole("button", { name: "Back to chat" }).click();
  await page.getByLabel("Your question").waitFor();
});

test("signs out", async () => {
  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign in" }).waitFor();
  await page.reload();
  await page.getByRole("button", { name: "Sign in" }).waitFor();
});

test("no console errors and nothing fetched from elsewhere", () => {
  assert.deepEqual(consoleErrors, []);
});
