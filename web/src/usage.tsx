// The usage dashboard (admins): how much scry is asked, how fast and how well
// it answers, who asks most and which questions fail, over a chosen period,
// from GET /api/v1/admin/usage. The charts go through the answers' lazily
// loaded chart renderer.
import type { Ref } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import * as api from "./api";
import "./pages.css";
import { Chart } from "./chart";
import { useFocusOnOpen } from "./focus";

interface Props {
  user: api.User;
  spaces: api.Space[];
  onClose: () => void;
}

const periods = [7, 30, 90, 365];
const dayMs = 86_400_000;
const count = new Intl.NumberFormat("en-US");
const percent = new Intl.NumberFormat("en-US", { style: "percent", maximumFractionDigits: 1 });

function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

export function UsagePage(props: Props) {
  const heading = useFocusOnOpen<HTMLHeadingElement>();
  if (props.user.role !== "admin") {
    return (
      <section class="page usage" aria-labelledby="usage-title">
        <h1 id="usage-title" ref={heading} tabIndex={-1}>Usage</h1>
        <p class="card refusal" role="alert">Only admins can see the usage dashboard.</p>
        <button onClick={props.onClose}>Back to chat</button>
      </section>
    );
  }
  return <Dashboard {...props} heading={heading} />;
}

function Dashboard(props: Props & { heading: Ref<HTMLHeadingElement> }) {
  const [days, setDays] = useState(30);
  const [space, setSpace] = useState("");
  const [usage, setUsage] = useState<api.Usage | null>(null);
  const [problem, setProblem] = useState("");
  useEffect(() => {
    let gone = false;
    setProblem("");
    api.usage(days, space).then((u) => { if (!gone) setUsage(u); }, (e: Error) => setProblem(e.message));
    return () => { gone = true; };
  }, [days, space]);
  return (
    <section class="page usage" aria-labelledby="usage-title">
      <header class="page-head">
        <h1 id="usage-title" ref={props.heading} tabIndex={-1}>Usage</h1>
        <button onClick={props.onClose}>Back to chat</button>
      </header>
      <div class="filters">
        <label>Period <select value={days} onChange={(e) => setDays(Number(e.currentTarget.value))}>
          {periods.map((d) => <option key={d} value={d}>Last {d} days</option>)}
        </select></label>
        <label>Space <select value={space} onChange={(e) => setSpace(e.currentTarget.value)}>
          <option value="">All spaces</option>
          {props.spaces.map((s) => <option key={s.id} value={s.id}>{s.title || s.id}</option>)}
        </select></label>
      </div>
      {problem && <p class="error" role="alert">{problem}</p>}
      {!usage && !problem && <p class="muted" role="status">Loading the usage…</p>}
      {usage && <UsageBody usage={usage} />}
    </section>
  );
}

function UsageBody({ usage }: { usage: api.Usage }) {
  const rated = usage.feedback.up + usage.feedback.down;
  const charts = useMemo(() => chartsOf(usage), [usage]);
  return (
    <>
      <ul class="kpis" aria-label="Key figures">
        <Kpi label="Questions" value={count.format(usage.questions)} note={`${count.format(usage.downloads)} downloads`} />
        <Kpi label="Answer time p50" value={duration(usage.latency_ms.p50)} note={`p95 ${duration(usage.latency_ms.p95)}`} />
        <Kpi label="Failure rate" value={percent.format(usage.failure_rate)}
          note={`${count.format(usage.outcomes.failed ?? 0)} failed`} />
        <Kpi label="Clarification rate" value={percent.format(usage.clarification_rate)}
          note={`${count.format(usage.outcomes.clarification ?? 0)} asked back`} />
        <Kpi label="Good answers" value={rated ? percent.format(usage.feedback.up / rated) : "—"}
          note={rated ? `of ${count.format(rated)} rated: ${count.format(usage.feedback.up)} up · ${count.format(usage.feedback.down)} down`
            : "no ratings yet"} />
        <Kpi label="Engine time" value={duration(usage.engine_ms.total)}
          note={`per query p50 ${duration(usage.engine_ms.p50)}, p95 ${duration(usage.engine_ms.p95)}`} />
      </ul>
      <div class="usage-charts">
        <section class="card chart-card" aria-labelledby="usage-per-day">
          <h2 id="usage-per-day">Questions per day</h2>
          <Chart spec={charts.perDay.spec} columns={charts.perDay.columns} rows={() => Promise.resolve(charts.perDay.rows)} />
        </section>
        <section class="card chart-card" aria-labelledby="usage-latency">
          <h2 id="usage-latency">Answer time per day (p50, p95)</h2>
          {charts.latency.rows.length > 0
            ? <Chart spec={charts.latency.spec} columns={charts.latency.columns} rows={() => Promise.resolve(charts.latency.rows)} />
            : <p class="muted small">No answers in this period.</p>}
        </section>
      </div>
      <div class="usage-tables">
        <Top title="Most active users" head="User" rows={usage.top_users.map((u) => [u.user, u.count])} />
        <Top title="Most asked questions" head="Question" rows={usage.top_questions.map((q) => [q.question, q.count])} />
        <Top title="Most failed questions" head="Question" rows={usage.top_failed_questions.map((q) => [q.question, q.count])} />
      </div>
    </>
  );
}

function Kpi(props: { label: string; value: string; note: string }) {
  return (
    <li class="kpi card">
      <span class="kpi-label">{props.label}</span>
      <span class="kpi-value">{props.value}</span>
      <span class="muted small">{props.note}</span>
    </li>
  );
}

function Top(props: { title: string; head: string; rows: [string, number][] }) {
  const id = `top-${props.title.toLowerCase().replace(/\W+/g, "-")}`;
  return (
    <section class="card top" aria-labelledby={id}>
      <h2 id={id}>{props.title}</h2>
      {props.rows.length === 0 ? <p class="muted small">None in this period.</p> : (
        <table>
          <thead><tr><th scope="col">{props.head}</th><th scope="col" class="num">Times</th></tr></thead>
          <tbody>{props.rows.map(([name, n]) => (
            <tr key={name}><td class="wrap">{name}</td><td class="num">{count.format(n)}</td></tr>
          ))}</tbody>
        </table>
      )}
    </section>
  );
}

interface ChartData { spec: object; columns: api.Column[]; rows: api.Cell[][] }

// Every day of the period gets its bars (zero when nobody asked); latency
// only where there were answers.
function chartsOf(usage: api.Usage): { perDay: ChartData; latency: ChartData } {
  const known = new Map(usage.per_day.map((d) => [d.day, d]));
  const perDayRows: api.Cell[][] = [];
  const first = Math.floor(usage.from_ms / dayMs) * dayMs;
  for (let t = first; t < first + (usage.days + 1) * dayMs; t += dayMs) {
    const day = new Date(t).toISOString().slice(0, 10);
    const d = known.get(day);
    const answered = d ? d.questions - d.failed - d.clarifications : 0;
    perDayRows.push([day, "answered", answered], [day, "asked back", d?.clarifications ?? 0], [day, "failed", d?.failed ?? 0]);
  }
  const latencyRows: api.Cell[][] = usage.per_day.flatMap((d) => [[d.day, "p50", d.latency_p50_ms], [d.day, "p95", d.latency_p95_ms]]);
  const x = { field: "day", type: "temporal", timeUnit: "utcyearmonthdate", title: null, axis: { format: "%b %d", labelOverlap: "greedy", labelSeparation: 8 } };
  const base = { $schema: "https://vega.github.io/schema/vega-lite/v6.json", data: { name: "result" }, width: "container", height: 180 };
  return {
    perDay: {
      columns: [{ name: "day", type: "date" }, { name: "outcome", type: "varchar" }, { name: "questions", type: "integer" }],
      rows: perDayRows,
      spec: {
        ...base, description: "Questions per day, by outcome", mark: { type: "bar", tooltip: true },
        encoding: {
          x, y: { field: "questions", type: "quantitative", aggregate: "sum", title: "Questions", axis: { tickMinStep: 1 } },
          color: { field: "outcome", type: "nominal", title: null, legend: { orient: "top" },
            scale: { domain: ["answered", "asked back", "failed"], range: ["#2f5bd3", "#f0a500", "#b42318"] } },
        },
      },
    },
    latency: {
      columns: [{ name: "day", type: "date" }, { name: "percentile", type: "varchar" }, { name: "ms", type: "double" }],
      rows: latencyRows,
      spec: {
        ...base, description: "Answer time per day, median and 95th percentile", mark: { type: "line", point: true, tooltip: true },
        encoding: {
          x, y: { field: "ms", type: "quantitative", title: "Milliseconds" },
          color: { field: "percentile", type: "nominal", title: null, legend: { orient: "top" },
            scale: { domain: ["p50", "p95"], range: ["#2f5bd3", "#b42318"] } },
        },
      },
    },
  };
}
