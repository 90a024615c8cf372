// A Vega-Lite chart. The chart libraries are large, so they are loaded only
// when the first chart is shown; expressions go through vega-interpreter, so
// the page never needs to evaluate generated code.
import { useEffect, useRef, useState } from "preact/hooks";

export function Chart({ spec }: { spec: unknown }) {
  const box = useRef<HTMLDivElement>(null);
  const [problem, setProblem] = useState("");
  useEffect(() => {
    let finalize: (() => void) | undefined;
    let gone = false;
    (async () => {
      try {
        const [{ default: embed }, { expressionInterpreter }] = await Promise.all([
          import("vega-embed"), import("vega-interpreter")]);
        if (gone || !box.current) return;
        const result = await embed(box.current, spec as never, {
          actions: false, renderer: "svg", ast: true, expr: expressionInterpreter,
        });
        finalize = () => result.finalize();
      } catch (e) {
        setProblem(`The chart could not be drawn: ${(e as Error).message}`);
      }
    })();
    return () => { gone = true; finalize?.(); };
  }, [spec]);
  return (
    <figure class="chart">
      <div ref={box} />
      {problem && <figcaption class="error">{problem}</figcaption>}
    </figure>
  );
}
