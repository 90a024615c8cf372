// The catalog panel, the "How to ask" guide and the usage dashboard in a real
// browser (Debian's chromium driven by playwright-core) against the real
// `scry serve`: an author browses the catalog and the guide and asks from
// them, an admin sees the questions on the dashboard, a viewer is refused it.
// Run by run.mjs (ctest browser_e2e) as: node --test pages.test.mjs
// Environment: SCRY_BIN, SCRY_WEB_ROOT, SCRY_CHROMIUM, SCRY_SCREENSHOTS (as
// ui.test.mjs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { launchChromium } from "./browser.mjs";
import { startServer, EMAIL, ADMIN_EMAIL, VIEWER_EMAIL, PASSWORD } from "./server.mjs";

const shots = process.env.SCRY_SCREENSHOTS;
let server, browser;
let page;  // the author's
const problems = [];  // console errors and fetches from elsewhere, on every page
let questionsAsked = 0;  // by anyone, so far

async function screenshot(p, name) {
  if (!shots) return;
  mkdirSync(shots, { recursive: true });
  await p.screenshot({ path: join(shots, `${name}.png`) });
}

// A screenshot of a whole screen whose content scrolls inside the page
// (the shell is one viewport high): the viewport grows to fit it first.
async function tallScreenshot(p, name) {
  if (!shots) return;
  const size = p.viewportSize();
  const height = await p.evaluate(() => document.querySelector(".page").scrollHeight + 80);
  await p.setViewportSize({ width: size.width, height: Math.min(Math.max(height, size.height), 2400) });
  await screenshot(p, name);
  await p.setViewportSize(size);
}

// A fresh browser context (its own cookies) signed in as `email`.
async function signedIn(email, viewport = { width: 1280, height: 860 }) {
  const context = await browser.newContext({ viewport });
  const p = await context.newPage();
  p.setDefaultTimeout(15000);
  p.on("console", (m) => { if (m.type() === "error") problems.push(`${email}: ${m.text()}`); });
  p.on("request", (r) => { if (!r.url().startsWith(server.url)) problems.push(`external fetch: ${r.url()}`); });
  await p.goto(server.url);
  await p.getByLabel("Email").fill(email);
  await p.getByLabel("Password").fill(PASSWORD);
  await p.getByRole("button", { name: "Sign in" }).click();
  await p.getByLabel("Your question").waitFor();
  return p;
}

const answers = (p) => p.locator(".turn .answer");
const catalog = (p) => p.getByRole("complementary", { name: "Catalog" });
// A test that starts from the chat closes a catalog panel an earlier test
// left open, so one failure does not take the following tests with it.
async function catalogClosed(p) {
  if (await catalog(p).count() === 0) return;
  await catalog(p).getByRole("button", { name: "Close the catalog" }).click();
  await catalog(p).waitFor({ state: "detached" });
}

before(async () => {
  server = await startServer({ scry: process.env.SCRY_BIN, webRoot: process.env.SCRY_WEB_ROOT });
  browser = await launchChromium();
  page = await signedIn(EMAIL);
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

test("the catalog lists the tables, their columns and the metrics", async () => {
  await page.getByRole("button", { name: "Catalog", exact: true }).click();
  const panel = catalog(page);
  await panel.getByRole("heading", { name: "Tables" }).waitFor();
  assert.ok(await panel.getByLabel("Filter the catalog").evaluate((el) => el === document.activeElement),
    "the filter has the focus when the panel opens");
  for (const table of ["Customers", "Order items", "Products", "Stores"]) {
    await panel.locator("summary").filter({ hasText: table }).first().waitFor();
  }
  const metrics = panel.locator(".metrics");
  assert.match(await metrics.innerText(), /Revenue/);
  assert.match(await metrics.innerText(), /sum\(order_items\.revenue\)/);

  await panel.locator("summary").filter({ hasText: "Customers" }).click();
  const columns = panel.getByRole("list", { name: "Columns of Customers" });
  await columns.getByText("Segment", { exact: true }).waitFor();
  assert.match(await columns.innerText(), /group by/i, "a column shows its role");
  assert.match(await columns.innerText(), /Consumer/, "and a few of its values");
});

test("the catalog filter finds a column by one of its values", async () => {
  const panel = catalog(page);
  await panel.getByLabel("Filter the catalog").fill("north america");
  await panel.getByText("Region", { exact: true }).first().waitFor();
  assert.equal(await panel.locator(".metrics").count(), 0, "no metric mentions it");
  assert.ok(await panel.locator(".columns li").count() <= 3, "only the matching columns stay");
  await panel.getByLabel("Filter the catalog").fill("no such thing anywhere");
  await panel.getByText(/Nothing matches/).waitFor();
  await panel.getByLabel("Filter the catalog").fill("");
});

test("an example question from the catalog runs on a click", async () => {
  const panel = catalog(page);
  const example = panel.getByRole("list").filter({ has: page.getByRole("button") }).first().getByRole("button").first();
  const question = (await example.innerText()).trim();
  await example.click();
  questionsAsked++;
  await page.locator(".turn .question", { hasText: question }).waitFor();
  await answers(page).first().locator("table, .restatement").first().waitFor();
  await page.getByRole("navigation").getByRole("button", { name: question, exact: true }).waitFor();
  await panel.waitFor();  // the panel stays open beside the chat
  await panel.evaluate((el) => { el.scrollTop = 0; });
  await screenshot(page, "30-catalog");
});

test("the catalog by keyboard: Enter opens it, Escape closes it and the focus goes back", async () => {
  await catalog(page).getByLabel("Filter the catalog").press("Escape");
  await catalog(page).waitFor({ state: "detached" });
  const button = page.getByRole("button", { name: "Catalog", exact: true });
  const focused = () => button.evaluate((el) => el === document.activeElement);
  assert.ok(await focused(), "the focus is back on the Catalog button");
  await page.keyboard.press("Enter");
  await catalog(page).getByLabel("Filter the catalog").waitFor();
  await page.keyboard.type("segment");
  // The panel fetches the catalog each time it opens: wait for the examples
  // to be there and filtered, so Tab goes to a button that stays.
  await page.waitForFunction(() => {
    const buttons = [...document.querySelectorAll(".catalog-examples button")];
    return buttons.length > 0 && buttons.every((b) => /segment/i.test(b.textContent));
  });
  await page.keyboard.press("Tab");
  assert.match(await page.evaluate(() => document.activeElement.closest(".catalog .chip-button")?.textContent ?? ""),
    /segment/i, "Tab reaches the first matching example");
  await page.keyboard.press("Escape");
  await catalog(page).waitFor({ state: "detached" });
  assert.ok(await focused());
});

test("the catalog works at phone width", async () => {
  await catalogClosed(page);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.getByRole("button", { name: "Catalog", exact: true }).click();
  const panel = catalog(page);
  await panel.getByRole("heading", { name: "Metrics" }).waitFor();
  const box = await panel.boundingBox();
  assert.ok(box.width >= 380 && box.width <= 390, `the panel fills the phone's width (${box.width})`);
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `nothing wider than the phone (${wide})`);
  await screenshot(page, "31-catalog-phone");
  await panel.getByRole("button", { name: "Close the catalog" }).click();
  await panel.waitFor({ state: "detached" });
  // On a phone an example question closes the panel, so its answer shows.
  await page.getByRole("button", { name: "Catalog", exact: true }).click();
  const example = panel.getByRole("list").filter({ has: page.getByRole("button") }).first().getByRole("button").nth(1);
  const question = (await example.innerText()).trim();
  await example.click();
  questionsAsked++;
  await panel.waitFor({ state: "detached" });
  await page.locator(".turn .question", { hasText: question }).waitFor();
  await answers(page).first().waitFor();
  await page.setViewportSize({ width: 1280, height: 860 });
});

test("the guide shows what can be measured, by what, when, and examples", async () => {
  await catalogClosed(page);
  await page.getByRole("button", { name: "Guide", exact: true }).click();
  await page.getByRole("heading", { name: "How to ask about Demo sales" }).waitFor();
  const guide = page.locator(".guide");
  await guide.getByRole("heading", { name: "What you can measure" }).waitFor({ timeout: 30000 });
  assert.match(await guide.locator("section", { has: page.getByRole("heading", { name: "What you can measure" }) }).innerText(),
    /Revenue/);
  await guide.getByRole("heading", { name: "What you can break it down by" }).waitFor();
  await guide.getByRole("heading", { name: "Over which dates" }).waitFor();
  assert.ok(await guide.locator(".guide-examples button").count() >= 1, "example questions");
  assert.match(page.url(), /#guide$/, "the guide has an address");
  await screenshot(page, "32-guide");
});

test("the guide downloads as Markdown", async () => {
  const link = page.getByRole("link", { name: "Download as Markdown" });
  const href = await link.getAttribute("href");
  assert.equal(href, "/api/v1/spaces/demo/guide.md");
  const reply = await page.request.get(server.url + href);
  assert.equal(reply.status(), 200);
  assert.match(reply.headers()["content-type"], /^text\/markdown/);
  assert.match(reply.headers()["content-disposition"] ?? "", /^attachment;.*\.md"?$/);
  const text = await reply.text();
  assert.match(text, /^# /m, "a title");
  assert.match(text, /Revenue/);
  const firstExample = (await page.locator(".guide-examples button").first().innerText()).trim();
  assert.ok(text.includes(firstExample), `the page's examples are in the file (${firstExample})`);
});

test("printing the guide shows only the guide", async () => {
  await page.emulateMedia({ media: "print" });
  assert.equal(await page.locator(".sidebar").isVisible(), false, "no sidebar on paper");
  assert.equal(await page.locator(".topbar").isVisible(), false, "no top bar on paper");
  assert.equal(await page.getByRole("button", { name: "Print" }).isVisible(), false);
  assert.ok(await page.getByRole("heading", { name: "What you can measure" }).isVisible());
  await screenshot(page, "33-guide-print");
  await page.emulateMedia({ media: "screen" });
  assert.ok(await page.locator(".sidebar").isVisible());
});

test("an example question from the guide runs on a click", async () => {
  const example = page.locator(".guide-examples button").first();
  const question = (await example.innerText()).trim();
  await example.click();
  questionsAsked++;
  await page.locator(".turn .question", { hasText: question }).waitFor();
  await answers(page).first().locator("table").waitFor();
  assert.doesNotMatch(page.url(), /#guide$/, "back in the chat");
});

test("an author sees no usage dashboard", async () => {
  await page.getByRole("button", { name: "Catalog", exact: true }).waitFor();
  assert.equal(await page.getByRole("button", { name: "Usage", exact: true }).count(), 0);
});

test("the usage dashboard shows the questions just asked", async () => {
  const admin = await signedIn(ADMIN_EMAIL);
  const asked = ["revenue by store region", "orders by month"];
  for (const [i, q] of asked.entries()) {
    await admin.getByLabel("Your question").fill(q);
    await admin.getByLabel("Your question").press("Enter");
    questionsAsked++;
    await answers(admin).nth(i).locator("table").waitFor();
  }
  await answers(admin).nth(0).getByRole("button", { name: "Good answer" }).click();
  await admin.waitForFunction(() => document.querySelector('.turn .answer [aria-label="Good answer"]')
    ?.getAttribute("aria-pressed") === "true");
  await admin.getByRole("button", { name: "Usage", exact: true }).click();
  await admin.getByRole("heading", { name: "Usage", exact: true }).waitFor();
  const mostAsked = admin.getByRole("region", { name: "Most asked questions" });
  for (const q of asked) await mostAsked.getByRole("cell", { name: q, exact: true }).waitFor();
  const users = admin.getByRole("region", { name: "Most active users" });
  await users.getByRole("cell", { name: ADMIN_EMAIL }).waitFor();
  await users.getByRole("cell", { name: EMAIL }).waitFor();

  const summary = await (await admin.request.get(`${server.url}/api/v1/admin/usage`)).json();
  assert.equal(summary.questions, questionsAsked, "every question asked counts");
  const tile = admin.locator(".kpi").filter({ hasText: /^Questions/ });
  assert.equal((await tile.locator(".kpi-value").innerText()).trim(), String(summary.questions));
  for (const label of ["Answer time p50", "Failure rate", "Clarification rate", "Engine time"]) {
    await admin.locator(".kpi").filter({ hasText: label }).waitFor();
  }
  const feedback = admin.locator(".kpi").filter({ hasText: /^Good answers/ });
  assert.equal((await feedback.locator(".kpi-value").innerText()).trim(), "100%", "the thumbs up counts");
  assert.match(await feedback.innerText(), /1 up · 0 down/);
  await admin.waitForFunction(() => [...document.querySelectorAll(".chart-card svg .mark-rect path")]
    .some((bar) => /Questions: [1-9]/.test(bar.getAttribute("aria-label") ?? "")), null, { timeout: 15000 });
  await admin.getByRole("figure", { name: "Questions per day, by outcome" }).locator("svg").waitFor();
  await admin.getByRole("figure", { name: "Answer time per day, median and 95th percentile" }).locator("svg").waitFor();
  assert.match(admin.url(), /#usage$/);
  await tallScreenshot(admin, "34-usage");

  await admin.setViewportSize({ width: 390, height: 844 });
  await admin.locator(".chart-card svg").first().waitFor();
  const wide = await admin.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 390, `the dashboard fits a phone (${wide})`);
  await screenshot(admin, "35-usage-phone");
  await admin.context().close();
});

test("a viewer cannot reach the usage dashboard", async () => {
  const viewer = await signedIn(VIEWER_EMAIL);
  await viewer.getByRole("button", { name: "Guide", exact: true }).waitFor();
  assert.equal(await viewer.getByRole("button", { name: "Usage", exact: true }).count(), 0, "no entry for it");
  await viewer.goto(`${server.url}/#usage`);
  await viewer.getByText("Only admins can see the usage dashboard.").waitFor();
  assert.equal(await viewer.locator(".kpi").count(), 0);
  const reply = await viewer.request.get(`${server.url}/api/v1/admin/usage`);
  assert.equal(reply.status(), 403, "and the server refuses it too");
  await viewer.context().close();
});

test("no console errors and nothing fetched from elsewhere", () => {
  assert.deepEqual(problems, []);
});
