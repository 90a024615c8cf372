// The other ways to draw an answer, derived from the server's Vega-Lite spec
// (src/answer/chart.cc) by changing its mark and encodings: only the types
// that make sense for the encodings present. A series over time or another
// ordered x reads as a line, an area (one series) or bars; a measure by
// category as bars, a lollipop (or dots, when colour splits the bars) and, for
// at most five non-negative parts, a pie. Anything else (a single number, a
// scatter plot, a heatmap) keeps the one chart the server chose.

export interface ChartView {
  id: string;
  label: string;
  spec: object;
}

type Encoding = Record<string, Record<string, unknown> | undefined>;
interface Spec { mark?: unknown; encoding?: Encoding; layer?: unknown; [key: string]: unknown }

const kMaxPieParts = 5;

const markOf = (spec: Spec) =>
  typeof spec.mark === "string" ? spec.mark : (spec.mark as { type?: string } | undefined)?.type ?? "";

const labels: Record<string, string> = {
  line: "Line", area: "Area", bar: "Bars", lollipop: "Lollipop", dots: "Dots", pie: "Pie",
  point: "Dots", arc: "Pie", text: "Number", rect: "Heatmap",
};

// A field as the spec writes it (dots and brackets escaped) to the key of a
// row object.
export const fieldKey = (field: string) => field.replace(/\\(.)/g, "$1");

function without<T extends Record<string, unknown>>(object: T, ...keys: string[]): T {
  const out = { ...object };
  for (const k of keys) delete out[k];
  return out;
}

// A layered spec must not carry a top-level mark.
function unitless(s: Spec): Spec {
  const { mark: _mark, ...rest } = s;
  return rest;
}

// The views, the server's own first. `values` are the rows as chart data when
// they are at hand (a pie needs to know its parts), or null.
export function chartViews(spec: object, values: Record<string, unknown>[] | null): ChartView[] {
  const s = spec as Spec;
  const mark = markOf(s);
  const base = s.encoding;
  const suggested: ChartView = { id: "suggested", label: labels[mark] ?? "Chart", spec };
  if (!base || s.layer || !base.x || !base.y) return [suggested];
  const x = base.x, y = base.y;

  // A measure along an ordered x: periods, or years held as numbers.
  if ((x.type === "temporal" || x.type === "ordinal") && y.type === "quantitative" && !base.yOffset) {
    const color = base.color;
    const line: ChartView = {
      id: "line", label: labels.line,
      spec: { ...s, mark: { type: "line", point: true, tooltip: true }, encoding: without(base, "xOffset") },
    };
    const bars: ChartView = {
      id: "bar", label: labels.bar,
      spec: {
        ...s, mark: { type: "bar", tooltip: true },
        encoding: {
          ...base,
          // One band per period: a temporal scale would draw thin bars.
          x: x.type === "temporal" ? { ...without(x, "scale"), type: "ordinal" } : x,
          ...(color?.field ? { xOffset: { field: color.field, type: "nominal" } } : {}),
        },
      },
    };
    // Stacked areas would add up series that may not add up: one series only.
    const area: ChartView | null = color ? null : {
      id: "area", label: labels.area,
      spec: { ...s, mark: { type: "area", line: true, opacity: 0.35, tooltip: true }, encoding: without(base, "xOffset") },
    };
    if (mark === "line") return [suggested, ...(area ? [area] : []), bars];
    if (mark === "bar") return [suggested, line, ...(area ? [area] : [])];
    return [suggested];
  }

  // A measure by category, the bars along either axis.
  const horizontal = y.type === "nominal" && x.type === "quantitative";
  const vertical = x.type === "nominal" && y.type === "quantitative";
  if (mark !== "bar" || !(horizontal || vertical)) return [suggested];
  const category = horizontal ? y : x;
  const measure = horizontal ? x : y;
  const views: ChartView[] = [suggested];
  if (base.color) {
    views.push({
      id: "dots", label: labels.dots,
      spec: { ...s, mark: { type: "point", filled: true, size: 80, tooltip: true }, encoding: without(base, "xOffset", "yOffset") },
    });
    return views;
  }
  views.push({
    id: "lollipop", label: labels.lollipop,
    spec: {
      ...unitless(s),
      encoding: base,
      layer: [
        { mark: { type: "bar", size: 2 } },
        { mark: { type: "point", filled: true, size: 90, opacity: 1, tooltip: true } },
      ],
    },
  });
  const parts = values?.map((v) => v[fieldKey(String(measure.field))]);
  if (!s.transform && parts && parts.length >= 2 && parts.length <= kMaxPieParts &&
      parts.every((p) => typeof p === "number" && p >= 0) && parts.some((p) => (p as number) > 0)) {
    const { sort: _sort, ...color } = category;
    views.push({
      id: "pie", label: labels.pie,
      spec: {
        ...s,
        mark: { type: "arc", tooltip: true },
        view: { stroke: null },
        encoding: {
          theta: { field: measure.field, type: "quantitative", stack: true, title: measure.title },
          color: { ...color, sort: { field: measure.field, order: "descending" } },
          order: { field: measure.field, type: "quantitative", sort: "descending" },
          ...(base.tooltip ? { tooltip: base.tooltip } : {}),
        },
      },
    });
  }
  return views;
}
