// One answer: how the question was read, the chart when the server sent one,
// the table, the SQL, the CSV download and feedback.
import { useState } from "preact/hooks";
import * as api from "./api";
import { formatCell, isNumeric } from "./format";
import { Chart, chartSpec } from "./chart";

const PAGE = 25;

interface Props {
  conversationId: string;
  message: api.Message;
  latest: boolean;
  onChoose: (choice: number, label: string) => void;
  onAsk: (question: string) => void;
}

export function AnswerCard({ conversationId, message, latest, onChoose, onAsk }: Props) {
  const a = message.answer;
  if (!a || a.kind === "error" || message.status === "failed") {
    const why = a?.error?.message ?? message.error?.message ?? "Something went wrong while answering.";
    return (
      <div class="card answer failed" role="alert">
        <p><strong>That question could not be answered.</strong> {why}</p>
        <p class="muted">Try asking it in other words, or name the measure and the grouping (for example “revenue by month”).</p>
      </div>
    );
  }
  if (a.kind === "cancelled" || message.status === "cancelled") {
    return <div class="card answer"><p class="muted">{a.message ?? "Cancelled."}</p></div>;
  }
  if (a.kind === "clarification" && a.clarification) {
    return (
      <div class="card answer clarification">
        <p><strong>{a.clarification.question}</strong></p>
        <div class="choices" role="group" aria-label={a.clarification.question}>
          {a.clarification.choices.map((c, i) => (
            <button key={i} class="choice" disabled={!latest} title={c.restatement} onClick={() => onChoose(i, c.label)}>{c.label}</button>
          ))}
        </div>
      </div>
    );
  }
  if (a.kind === "not_understood") {
    return (
      <div class="card answer">
        <p>{a.message ?? "I did not understand that question."}</p>
        {a.hints && a.hints.length > 0 && <ul class="hints">{a.hints.map((h) => <li key={h}>{h}</li>)}</ul>}
      </div>
    );
  }
  const spec = chartSpec(a.chart);
  return (
    <article class="card answer" aria-label={a.interpretation?.restatement ?? a.question}>
      {a.interpretation?.restatement && <p class="restatement">{a.interpretation.restatement}</p>}
      {a.summary && <p class="summary">{a.summary}</p>}
      {a.interpretation?.chips && a.interpretation.chips.length > 0 && (
        <ul class="chips" aria-label="How the question was read">
          {a.interpretation.chips.map((c, i) => <li key={i} class={`chip chip-${c.kind}`}><span class="chip-kind">{c.kind}</span> {c.text}</li>)}
        </ul>
      )}
      {a.interpretation?.follow_up && a.interpretation.follow_up_reason && (
        <p class="muted small">Read as a follow-up: {a.interpretation.follow_up_reason}</p>
      )}
      {spec && a.columns && <Chart spec={spec} columns={a.columns} rows={() => allRows(conversationId, message)} />}
      {a.columns && <Table conversationId={conversationId} message={message} answer={a} />}
      {a.sql && <Sql sql={a.sql} />}
      {a.suggestions && a.suggestions.length > 0 && (
        <div class="suggestions" role="group" aria-label="Follow-up questions">
          {a.suggestions.map((q) => <button key={q} class="chip-button" onClick={() => onAsk(q)}>{q}</button>)}
        </div>
      )}
      <footer class="answer-actions">
        {a.columns && <a class="button" href={api.csvUrl(conversationId, message.id)} download>Download CSV</a>}
        <Feedback conversationId={conversationId} message={message} />
      </footer>
    </article>
  );
}

// Every stored row, for a chart: the answer's own when it holds them all.
async function allRows(conversationId: string, message: api.Message): Promise<api.Cell[][]> {
  const a = message.answer!;
  const inline = a.rows ?? [];
  const stored = a.rows_stored ?? inline.length;
  if (inline.length >= stored) return inline;
  return (await api.resultPage(conversationId, message.id, 0, stored)).rows;
}

function Table({ conversationId, message, answer }: { conversationId: string; message: api.Message; answer: api.Answer }) {
  const columns = answer.columns!;
  const stored = answer.rows_stored ?? answer.row_count ?? answer.rows?.length ?? 0;
  const [offset, setOffset] = useState(0);
  const [rows, setRows] = useState<api.Cell[][]>((answer.rows ?? []).slice(0, PAGE));
  const [problem, setProblem] = useState("");
  const [sort, setSort] = useState<{ column: number; descending: boolean } | null>(null);
  const inlineAll = (answer.rows ?? []).length >= stored;
  const sortBy = (column: number) => {
    const next = { column, descending: sort?.column === column ? !sort.descending : isNumeric(columns[column].type) };
    const sorted = [...(answer.rows ?? [])].sort((x, y) => compareCells(x[column], y[column]) * (next.descending ? -1 : 1));
    setSort(next);
    setSortedRows(sorted);
    setRows(sorted.slice(0, PAGE));
    setOffset(0);
  };
  const [sortedRows, setSortedRows] = useState<api.Cell[][] | null>(null);
  const go = async (to: number) => {
    setProblem("");
    const inline = sortedRows ?? answer.rows ?? [];
    if (to + PAGE <= inline.length || inline.length >= stored) {
      setRows(inline.slice(to, to + PAGE));
      setOffset(to);
      return;
    }
    try {
      const page = await api.resultPage(conversationId, message.id, to, PAGE);
      setRows(page.rows);
      setOffset(to);
    } catch (e) {
      setProblem((e as Error).message);
    }
  };
  const total = answer.total_rows ?? stored;
  return (
    <div class="table-block">
      <div class="table-scroll" tabIndex={0} aria-label="Result table">
        <table>
          <thead><tr>{columns.map((c, j) => (
            <th key={c.name} class={isNumeric(c.type) ? "num" : ""} scope="col"
              aria-sort={sort?.column === j ? (sort.descending ? "descending" : "ascending") : undefined}>
              {inlineAll && rows.length > 1
                ? <button class="sort" onClick={() => sortBy(j)} title={`Sort by ${c.name}`}>
                    {c.name}{sort?.column === j ? (sort.descending ? " ▼" : " ▲") : ""}</button>
                : c.name}
            </th>))}</tr></thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={offset + i}>{r.map((v, j) => <td key={j} class={isNumeric(columns[j].type) ? "num" : ""}>{formatCell(v, columns[j].type)}</td>)}</tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="pager">
        <span class="muted">
          {rows.length === 0 ? "No rows." : `Rows ${offset + 1}–${offset + rows.length} of ${total.toLocaleString("en-US")}`}
          {answer.truncated ? " (the download has them all)" : ""}
        </span>
        {stored > PAGE && <>
          <button disabled={offset === 0} onClick={() => go(Math.max(0, offset - PAGE))}>Previous</button>
          <button disabled={offset + PAGE >= stored} onClick={() => go(offset + PAGE)}>Next</button>
        </>}
      </div>
      {problem && <p class="error" role="alert">{problem}</p>}
    </div>
  );
}

function Sql({ sql }: { sql: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(sql);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch { /* the text stays selectable */ }
  };
  return (
    <details class="sql">
      <summary>SQL</summary>
      <pre><code>{sql}</code></pre>
      <button onClick={copy}>{copied ? "Copied" : "Copy SQL"}</button>
    </details>
  );
}

function Feedback({ conversationId, message }: { conversationId: string; message: api.Message }) {
  const [rating, setRating] = useState(message.feedback?.rating ?? "none");
  const [problem, setProblem] = useState("");
  const rate = async (r: "up" | "down") => {
    const next = rating === r ? "none" : r;
    try {
      await api.feedback(conversationId, message.id, next);
      setRating(next);
      setProblem("");
    } catch (e) {
      setProblem((e as Error).message);
    }
  };
  return (
    <span class="feedback">
      <button class="icon" aria-label="Good answer" aria-pressed={rating === "up"} onClick={() => rate("up")}><Thumb /></button>
      <button class="icon" aria-label="Bad answer" aria-pressed={rating === "down"} onClick={() => rate("down")}><Thumb down /></button>
      {rating !== "none" && <span class="muted small">Thanks for the feedback.</span>}
      {problem && <span class="error small" role="alert">{problem}</span>}
    </span>
  );
}

// Drawn here rather than taken from an emoji font, which a server or a
// phone may not have.
function Thumb({ down }: { down?: boolean }) {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" class={down ? "flip" : ""}>
      <path fill="none" stroke="currentColor" stroke-width="2" stroke-linejoin="round"
        d="M7 10v11H3V10h4zm0 0l4-8a3 3 0 0 1 3 3v4h5.5a2 2 0 0 1 2 2.3l-1.4 8A2 2 0 0 1 18.1 21H7" />
    </svg>
  );
}

function compareCells(x: api.Cell, y: api.Cell): number {
  if (x === y) return 0;
  if (x === null) return 1;
  if (y === null) return -1;
  const nx = Number(x), ny = Number(y);
  if (typeof x !== "boolean" && !Number.isNaN(nx) && !Number.isNaN(ny) && x !== "" && y !== "") return nx - ny;
  return String(x).localeCompare(String(y));
}
