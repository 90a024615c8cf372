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
        const spec = { ...props.spec, data: { name: kDataName, values: chartValues(props.columns, rows) } };
        const result = await embed(box.current, spec as never, {
          actions: false, renderer: "svg", ast: true, expr: expressionInterpreter,
        });
        finalize = () => result.finalize();
      } catch (e) {
        setProblem(`The chart could not be drawn (${(e as Error).message}); the table below has the numbers.`);
      }
    })();
    return () => { gone = true; finalize?.(); };
  }, [props.spec]);
  return (
    <figure class="chart" aria-label="Chart">
      <div ref={box} />
      {problem && <figcaption class="error">{problem}</figcaption>}
    </figure>
  );
}
