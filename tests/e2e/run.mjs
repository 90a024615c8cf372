// ctest's entry point: skips (exit 77) when the browser or the node modules
// are missing, unless CI is set, then runs the browser tests with node --test.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const chromium = process.env.SCRY_CHROMIUM ?? "/usr/bin/chromium";
const missing = [];
if (!existsSync(chromium)) missing.push(chromium);
if (!existsSync(join(here, "node_modules", "playwright-core"))) missing.push("tests/e2e/node_modules (scripts/setup.sh)");
if (!existsSync(join(process.env.SCRY_WEB_ROOT ?? "", "index.html"))) missing.push("web/dist (scripts/build.sh)");
if (missing.length) {
  console.error(`browser tests need: ${missing.join(", ")}`);
  process.exit(process.env.CI ? 1 : 77);
}
const run = spawnSync(process.execPath,
  ["--test", "--test-concurrency=1", join(here, "ui.test.mjs"), join(here, "pages.test.mjs"),
    join(here, "charts.test.mjs")],
  { stdio: "inherit", cwd: here });
process.exit(run.status ?? 1);
