// Compiles every chart spec the answer tests produce (printed by the
// answer_chart_specs program) with the real vega-lite, fills its "result"
// dataset with the rows as a reader would, and renders it to SVG with vega.
// Any error or warning from either fails the test.
//
//   node tests/answer/render_charts.mjs path/to/answer_chart_specs
//
// Exit status: 0 when every chart renders, 1 when one does not, 77 when
// vega is not installed (scripts/setup.sh installs it) outside CI.
import { execFileSync } from "node:child_process";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

let vega;
let vegaLite;
try {
  vega = await import("vega");
  vegaLite = await import("vega-lite");
} catch (error) {
  console.error(`vega and vega-lite are not installed in ${here}: run scripts/setup.sh`);
  process.exit(process.env.CI ? 1 : 77);
}

const program = process.argv[2];
if (!program) {
  console.error("usage: render_charts.mjs path/to/answer_chart_specs");
  process.exit(2);
}
const charts = JSON.parse(execFileSync(program, { encoding: "utf8", maxBuffer: 64 << 20 }));

// Collects what vega-lite and vega would log, so that a warning fails too.
function collectingLogger(problems) {
  const logger = vega.logger(vega.Warn);
  logger.warn = (...args) => problems.push(`warning: ${args.join(" ")}`);
  logger.error = (...args) => problems.push(`error: ${args.join(" ")}`);
  return logger;
}

async function render(chart) {
  const problems = [];
  const logger = collectingLogger(problems);
  const compiled = vegaLite.compile(chart.spec, { logger }).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logger });
  view.data("result", chart.values);
  await view.runAsync();
  const svg = await view.toSVG();
  if (!svg.startsWith("<svg")) problems.push("no SVG came out");
  if (!svg.includes("<path") && !svg.includes("<text")) problems.push("the SVG draws nothing");
  view.finalize();
  return problems;
}

let failed = 0;
for (const chart of charts) {
  let problems;
  try {
    problems = await render(chart);
  } catch (error) {
    problems = [`threw: ${error.stack ?? error}`];
  }
  if (problems.length > 0) {
    failed += 1;
    console.error(`FAIL ${chart.name} (${chart.kind})\n  ${problems.join("\n  ")}`);
  } else {
    console.log(`ok ${chart.name} (${chart.kind})`);
  }
}
console.log(`${charts.length - failed} of ${charts.length} charts compiled and rendered`);
if (charts.length < 20) {
  console.error("expected at least 20 charts from the answer tests");
  process.exit(1);
}
process.exit(failed === 0 ? 0 : 1);
