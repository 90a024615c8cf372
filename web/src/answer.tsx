// One answer: how the question was read, the chart when the server sent one
// (switchable to other sensible types or to the table alone), the table, the
// SQL, the CSV download and feedback.
import { useId, useMemo, useState } from "preact/hooks";
import * as api from "./api";
import { Chart, chartSpec, chartValues } from "./chart";
import { chartViews } from "./chart_types";
import { Table } from "./table";
import { SqlView, plainWords } from "./sql_view";

interface Props {
  conversationId: string;
  spaceId: string;
  message: api.Message;
  latest: boolean;
  // Authors and admins edit SQL and mark answers as trusted.
  canAuthor: boolean;
  onChoose: (choice: number, label: string) => void;
  onAsk: (question: string) => void;
  onRunSql: (sql: string) => Promise<string | null>;
  // The space's example questions, offered when a question is not understood.
  examples: string[];
}

export function AnswerCard({ conversationId, spaceId, message, latest, canAuthor, onChoose, onAsk, onRunSql, examples }: Props) {
  const a = message.answer;
  if (!a || a.kind === "error" || message.status === "failed") {
    const why = a?.error?.message ?? message.error?.message ?? "Something went wrong while answering.";
    if (a?.kind === "sql") {
      return (
        <div class="card answer failed" role="alert">
          <p><strong>That SQL was not run.</strong> {plainWords(why)}</p>
          <p class="muted">Only one SELECT over this space's tables can run here. Open the SQL of an earlier answer and edit it, or ask in words.</p>
        </div>
      );
    }
    return (
      <div class="card answer failed" role="alert">
        <p><strong>That question could not be answered.</strong> {plainWords(why)}</p>
        <p class="muted">Try asking it in other words, or name the measure and the grouping.</p>
        <TryInstead question={message.question} examples={examples} onAsk={onAsk} />
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
        <TryInstead question={message.question} examples={examples} onAsk={onAsk} />
      </div>
    );
  }
  return <ResultCard {...{ conversationId, spaceId, message, canAuthor, onAsk, onRunSql }} answer={a} />;
}

// Questions that work on this space, those sharing the most words with the
// one that did not first: one click asks them instead.
function TryInstead({ question, examples, onAsk }: { question: string; examples: string[]; onAsk: (q: string) => void }) {
  const picked = useMemo(() => {
    const wordsOf = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [];
    const words = new Set(wordsOf(question));
    const shared = (q: string) => wordsOf(q).filter((w) => words.has(w)).length;
    return examples.map((q, i) => ({ q, i, score: shared(q) }))
      .sort((x, y) => y.score - x.score || x.i - y.i).slice(0, 3).map((x) => x.q);
  }, [question, examples]);
  if (picked.length === 0) return null;
  return (
    <div class="suggestions" role="group" aria-label="Questions to try instead">
      <span class="muted">Try:</span>
      {picked.map((q) => <button key={q} class="chip-button" onClick={() => onAsk(q)}>{q}</button>)}
    </div>
  );
}

function ResultCard({ conversationId, spaceId, message, answer: a, canAuthor, onAsk, onRunSql }:
  Omit<Props, "latest" | "onChoose" | "examples"> & { answer: api.Answer }) {
  const spec = chartSpec(a.chart);
  const views = useMemo(() => {
    if (!spec || !a.columns) return [];
    const inlineAll = (a.rows ?? []).length >= (a.rows_stored ?? a.rows?.length ?? 0);
    return chartViews(spec, inlineAll ? chartValues(a.columns, a.rows ?? []) : null);
  }, [a]);
  const [view, setView] = useState(views.length ? views[0].id : "table");
  const rows = useMemo(() => once(() => allRows(conversationId, message)), [message]);
  const shown = views.find((v) => v.id === view);
  return (
    <article class="card answer" aria-label={a.interpretation?.restatement ?? a.question}>
      {a.trusted && <TrustedBadge question={a.trusted.question} />}
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
      {views.length > 0 && (
        <div class="view-switch" role="group" aria-label="Show the result as">
          {views.map((v, i) => (
            <button key={v.id} aria-pressed={view === v.id} onClick={() => setView(v.id)}
              title={i === 0 ? "The chart scry suggests for this result" : undefined}>{v.label}</button>
          ))}
          <button aria-pressed={view === "table"} onClick={() => setView("table")}>Table</button>
        </div>
      )}
      {shown && a.columns && <Chart key={shown.id} spec={shown.spec} columns={a.columns} rows={rows} />}
      {a.columns && <Table conversationId={conversationId} message={message} answer={a} />}
      {a.sql && <SqlView sql={a.sql} onRun={canAuthor ? onRunSql : undefined} />}
      {a.suggestions && a.suggestions.length > 0 && (
        <div class="suggestions" role="group" aria-label="Follow-up questions">
          {a.suggestions.map((q) => <button key={q} class="chip-button" onClick={() => onAsk(q)}>{q}</button>)}
        </div>
      )}
      <footer class="answer-actions">
        {a.columns && <a class="button" href={api.csvUrl(conversationId, message.id)} download>Download CSV</a>}
        {canAuthor && a.kind === "query" && !a.trusted && <MarkTrusted spaceId={spaceId} conversationId={conversationId} messageId={message.id} />}
        <Feedback conversationId={conversationId} message={message} />
      </footer>
    </article>
  );
}

// The first call's promise, shared by every later call (and retried after a
// failure), so switching chart types does not fetch the rows again.
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | null = null;
  return () => (promise ??= load().catch((e) => { promise = null; throw e; }));
}

// Every stored row, for a chart: the answer's own when it holds them all.
async function allRows(conversationId: string, message: api.Message): Promise<api.Cell[][]> {
  const a = message.answer!;
  const inline = a.rows ?? [];
  const stored = a.rows_stored ?? inline.length;
  if (inline.length >= stored) return inline;
  return (await api.resultPage(conversationId, message.id, 0, stored)).rows;
}

function TrustedBadge({ question }: { question: string }) {
  const tip = `Answered from the trusted question “${question}”, whose SQL an author checked.`;
  return (
    <p class="trusted-line">
      <span class="badge trusted" tabIndex={0} title={tip} aria-label={`Trusted. ${tip}`}>
        <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true"><path fill="none" stroke="currentColor"
          stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round" d="M5 12.5l4.5 4.5L19 7.5" /></svg>
        Trusted
      </span>
      <span class="muted small trusted-source" aria-hidden="true">from “{question}”</span>
    </p>
  );
}

function MarkTrusted({ spaceId, conversationId, messageId }: { spaceId: string; conversationId: string; messageId: string }) {
  const [state, setState] = useState<"idle" | "busy" | "done">("idle");
  const [problem, setProblem] = useState("");
  const mark = async () => {
    setState("busy");
    setProblem("");
    try {
      await api.markTrusted(spaceId, conversationId, messageId);
      setState("done");
    } catch (e) {
      setState("idle");
      setProblem((e as Error).message);
    }
  };
  if (state === "done") return <span class="muted small" role="status">Marked as trusted: the same question will get this SQL.</span>;
  return (
    <>
      <button onClick={mark} disabled={state === "busy"}
        title="Answer this question with this SQL from now on, marked as trusted">Mark as trusted</button>
      {problem && <span class="error small" role="alert">{problem}</span>}
    </>
  );
}

type Rating = "up" | "down" | "none";

function Feedback({ conversationId, message }: { conversationId: string; message: api.Message }) {
  const [rating, setRating] = useState<Rating>(message.feedback?.rating ?? "none");
  const [comment, setComment] = useState(message.feedback?.comment ?? "");
  const [draft, setDraft] = useState("");
  const [asking, setAsking] = useState(false);
  const [saved, setSaved] = useState(false);
  const [problem, setProblem] = useState("");
  const id = useId();
  const save = async (r: Rating, text: string) => {
    try {
      await api.feedback(conversationId, message.id, r, r === "none" ? "" : text);
      setRating(r);
      setComment(r === "none" ? "" : text);
      setProblem("");
      return true;
    } catch (e) {
      setProblem((e as Error).message);
      return false;
    }
  };
  const rate = async (r: "up" | "down") => {
    const next = rating === r ? "none" : r;
    setSaved(false);
    // A new rating keeps the comment only when it still fits.
    if (await save(next, next === rating ? comment : "")) {
      setDraft("");
      setAsking(next !== "none");
    }
  };
  const submit = async (e: Event) => {
    e.preventDefault();
    if (await save(rating, draft.trim())) { setAsking(false); setSaved(true); }
  };
  return (
    <div class="feedback">
      <span class="thumbs">
        <button class="icon" aria-label="Good answer" aria-pressed={rating === "up"} onClick={() => rate("up")}><Thumb /></button>
        <button class="icon" aria-label="Bad answer" aria-pressed={rating === "down"} onClick={() => rate("down")}><Thumb down /></button>
        {rating !== "none" && !asking && <span class="muted small" role="status">Thanks for the feedback.</span>}
      </span>
      {asking && (
        <form class="feedback-comment" onSubmit={submit}>
          <label for={id}>{rating === "down" ? "What was wrong?" : "What was good? (optional)"}</label>
          <textarea id={id} rows={2} maxLength={2000} value={draft} onInput={(e) => setDraft(e.currentTarget.value)}
            placeholder={rating === "down" ? "e.g. I meant net revenue, not gross" : ""} />
          <div class="row-actions">
            <button type="submit" class="primary" disabled={!draft.trim()}>Send comment</button>
            <button type="button" onClick={() => setAsking(false)}>Skip</button>
          </div>
        </form>
      )}
      {!asking && comment && (
        <p class="stored-comment small"><span class="muted">Your comment:</span> {comment}
          {saved && <span class="muted" role="status"> (saved)</span>}</p>
      )}
      {problem && <span class="error small" role="alert">{problem}</span>}
    </div>
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
