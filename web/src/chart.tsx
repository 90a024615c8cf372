// A Vega-Lite chart of an answer. The server's spec holds no rows: its data
// is the named dataset "result", filled here from the answer's rows, one
// object per row keyed by column name (src/answer/chart.h). The chart
// libraries are large, so they are loaded only when the first chart is shown;
// expressions go through vega-interpreter, so no generated code is evaluated.
import { useEffect, useRef, useState } from "preact/hooks";
import type { Cell, Column } from "./api";
import { isNumeric } from "./format";

const kDataName = "result";

// The chart field is the spec itself or {kind, spec}.
export function chartSpec(chart: unknown): object | null {
  if (!chart || typeof chart !== "object") return null;
  const c = chart as { spec?: unknown };
  if ("spec" in c) return c.spec && typeof c.spec === "object" ? (c.spec as object) : null;
  return chart as object;
}

export function chartValues(columns: Column[], rows: Cell[][]): Record<string, Cell>[] {
  return rows.map((row) => Object.fromEntries(columns.map((c, i) => {
    const v = row[i];
    // Exact decimals and huge integers may come as text; a chart wants numbers.
    return [c.name, isNumeric(c.type) && typeof v === "string" ? Number(v) : v];
  })));
}

// A pie keeps its legend beside it rather than across a wide card.
const fitWidth = (spec: object, width: number) =>
  (spec as { encoding?: { theta?: object } }).encoding?.theta ? Math.min(width, 440) : width;

// Fits the chart to its card: the spec's width becomes the box's, and a
// resize observer keeps it so when the card narrows (a phone turned, the
// sidebar opened); narrow boxes also get shorter axis labels.
function sized(spec: object, width: number, values: Record<string, Cell>[]): object {
  const s = spec as {
    height?: unknown; config?: { axis?: object };
    encoding?: { x?: { type?: string }; y?: { type?: string }; theta?: object };
  };
  // A pie, and values up a y axis over periods or categories along x, get a
  // fixed height; bars along y and a heatmap's rows take theirs from their
  // count (a step each); a single number needs none.
  const tall = s.encoding?.theta !== undefined ||
    (s.encoding?.x !== undefined && s.encoding.x.type !== "quantitative" && s.encoding.y?.type === "quantitative");
  return {
    ...spec,
    data: { name: kDataName, values },
    width: fitWidth(spec, width),
    ...(s.height === undefined && tall ? { height: 240 } : {}),
    autosize: { type: "fit-x", contains: "padding" },
    config: { ...s.config, axis: { ...s.config?.axis, ...(width < 480 ? { labelLimit: Math.round(width / 3) } : {}) } },
  };
}

export function Chart(props: { spec: object; columns: Column[]; rows: () => Promise<Cell[][]> }) {
  const box = useRef<HTMLDivElement>(null);
  const [problem, setProblem] = useState("");
  useEffect(() => {
    let finalize: (() => void) | undefined;
    let gone = false;
    (async () => {
      try {
        const [{ default: embed }, { expressionInterpreter }, rows] = await Promise.all([
          import("vega-embed"), import("vega-interpreter"), props.rows()]);
        if (gone || !box.current) return;
        const element = box.current;
        let width = Math.floor(element.clientWidth);
        const spec = sized(props.spec, width, chartValues(props.columns, rows));
        const result = await embed(element, spec as never, {
          actions: false, renderer: "svg", ast: true, expr: expressionInterpreter,
        });
        if (gone) { result.finalize(); return; }
        const observer = new ResizeObserver(() => {
          const now = Math.floor(element.clientWidth);
          if (now > 0 && now !== width) { width = now; result.view.width(fitWidth(props.spec, now)).runAsync(); }
        });
        observer.observe(element);
        finalize = () => { observer.disconnect(); result.finalize(); };
      } catch (e) {
        setProblem(`The chart could not be drawn (${(e as Error).message}); the table below has the numbers.`);
      }
    })();
    return () => { gone = true; finalize?.(); };
  }, [props.spec]);
  return (
    <figure class="chart" aria-label={(props.spec as { description?: string }).description || "Chart"}>
      <div ref={box} class="chart-box" />
      {problem && <figcaption class="error">{problem}</figcaption>}
    </figure>
  );
}
