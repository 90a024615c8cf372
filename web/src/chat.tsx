// One conversation: its messages oldest first, the answer in flight, the
// attached files, and the question box. Files dropped anywhere on the chat
// are attached.
import type { ComponentChild } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import * as api from "./api";
import { AnswerCard } from "./answer";
import { HighlightedSql } from "./sql_view";
import { AttachButton, AttachmentBar, DropOverlay, useAttachments, useDropZone } from "./upload";

const stageWords: Record<api.Status, string> = {
  submitted: "Sending…", understanding: "Understanding…", running: "Running query…",
  completed: "Done", failed: "Failed", cancelled: "Cancelled",
};

interface Props {
  space: string;
  spaceTitle: string;
  role: api.Role;
  conversationId: string | null;
  onCreated: (id: string) => void;
  onChanged: () => void;
}

export function Chat(props: Props) {
  const [id, setId] = useState(props.conversationId);
  const [messages, setMessages] = useState<api.Message[]>([]);
  const [pending, setPending] = useState<{ mid: string; question: string; status: api.Status; sql?: boolean } | null>(null);
  const [problem, setProblem] = useState("");
  const [loading, setLoading] = useState(!!props.conversationId);
  const stop = useRef<(() => void) | null>(null);
  const end = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!props.conversationId) return;
    api.conversation(props.conversationId).then((c) => {
      setMessages(c.messages.filter((m) => isFinal(m.status)));
      const open = c.messages.find((m) => !isFinal(m.status));
      if (open) listen(c.id, open);
    }, (e: Error) => setProblem(e.message)).finally(() => setLoading(false));
    return () => stop.current?.();
  }, []);
  useEffect(() => { end.current?.scrollIntoView({ block: "end" }); }, [messages.length, pending?.status]);

  function listen(cid: string, message: api.Message, sql?: boolean) {
    setPending({ mid: message.id, question: message.question, status: message.status, sql });
    stop.current = api.follow(cid, message.id,
      (status) => setPending((p) => (p ? { ...p, status } : p)),
      (final, lost) => {
        stop.current = null;
        setPending(null);
        if (final) setMessages((m) => [...m, final]);
        if (lost) setProblem(lost);
        props.onChanged();
      });
  }

  // The conversation's id, created on the server first when the chat is new.
  const created = useRef<Promise<string> | null>(null);
  function conversationId(): Promise<string> {
    if (id) return Promise.resolve(id);
    created.current ??= api.createConversation(props.space).then((c) => {
      setId(c.id);
      props.onCreated(c.id);
      props.onChanged();
      return c.id;
    }, (e) => { created.current = null; throw e; });
    return created.current;
  }
  const examples = useExampleQuestions(props.space);
  const attachments = useAttachments(props.conversationId, conversationId);
  const drop = useDropZone((files) => attachments.attach(files));

  // An author's SQL as a new turn; resolves to the server's refusal, if any.
  async function runSql(sql: string): Promise<string | null> {
    if (pending) return "Wait for the answer in progress, or cancel it.";
    setProblem("");
    try {
      const cid = await conversationId();
      listen(cid, await api.runSql(cid, sql), true);
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  }

  async function send(question: string, choice?: number) {
    setProblem("");
    try {
      const cid = await conversationId();
      const message = choice === undefined ? await api.ask(cid, question!) : await api.choose(cid, choice, question!);
      listen(cid, message);
      return true;
    } catch (e) {
      setProblem((e as Error).message);
      return false;
    }
  }

  // The up arrow brings back questions in words, not an author's SQL.
  const history = messages.filter((m) => m.answer?.kind !== "sql").map((m) => m.question);
  return (
    <div class={`chat${drop.over ? " dropping" : ""}`} {...drop.handlers}>
      {drop.over && <DropOverlay />}
      <div class="messages" aria-live="polite">
        {loading && <p class="muted" role="status">Loading the conversation…</p>}
        {!loading && messages.length === 0 && !pending && <Welcome spaceTitle={props.spaceTitle} examples={examples} onAsk={(q) => send(q)} />}
        {messages.map((m, i) => (
          <div class="turn" key={m.id}>
            <Question text={m.question} sql={m.answer?.kind === "sql"} />
            <AnswerCard conversationId={id!} spaceId={props.space} message={m} latest={i === messages.length - 1 && !pending}
              canAuthor={props.role !== "viewer"} onRunSql={runSql} examples={examples}
              onChoose={(choice, label) => send(label, choice)} onAsk={(q) => { if (!pending) send(q); }} />
          </div>
        ))}
        {pending && (
          <div class="turn">
            <Question text={pending.question} sql={pending.sql} />
            <div class="card progress" role="status">
              <span class="spinner" aria-hidden="true" />
              <span class="stage">{stageWords[pending.status]}</span>
              <button onClick={() => id && api.cancel(id, pending.mid).catch((e: Error) => setProblem(e.message))}>Cancel</button>
            </div>
          </div>
        )}
        {problem && <p class="error" role="alert">{problem}</p>}
        <div ref={end} />
      </div>
      <AttachmentBar attachments={attachments} />
      <QuestionBox busy={!!pending} history={history} onSend={(q) => send(q)}
        attach={<AttachButton attachments={attachments} />} />
    </div>
  );
}

// A turn's question: words as typed, an author's SQL as code.
function Question({ text, sql }: { text: string; sql?: boolean }) {
  if (sql) {
    return <div class="question sql-question"><span class="visually-hidden">You ran this SQL: </span><HighlightedSql sql={text} /></div>;
  }
  return <p class="question"><span class="visually-hidden">You asked: </span>{text}</p>;
}

const isFinal = (s: api.Status) => s === "completed" || s === "failed" || s === "cancelled";

function Welcome(props: { spaceTitle: string; examples: string[]; onAsk: (q: string) => void }) {
  return (
    <div class="welcome">
      <h1>Ask a question about {props.spaceTitle}</h1>
      <p class="muted">Type it as you would say it. scry shows how it read the question, the table and the SQL it ran.</p>
      {props.examples.length > 0 && (
        <ul class="examples" aria-label="Example questions">
          {props.examples.slice(0, 4).map((q) => <li key={q}><button class="chip-button" onClick={() => props.onAsk(q)}>{q}</button></li>)}
        </ul>
      )}
    </div>
  );
}

// The space's example questions: made by the server from its semantic model,
// each read by the parser as a query. Fetched once per space and page.
const examplesBySpace = new Map<string, Promise<string[]>>();
const examplesKnown = new Map<string, string[]>();  // the fetches that have answered
function useExampleQuestions(space: string): string[] {
  const [examples, setExamples] = useState<string[]>(() => examplesKnown.get(space) ?? []);
  useEffect(() => {
    let current = true;
    let fetched = examplesBySpace.get(space);
    if (!fetched) {
      fetched = api.catalog(space).then((c) => {
        examplesKnown.set(space, c.example_questions);
        return c.example_questions;
      }, () => {
        examplesBySpace.delete(space);  // asked again next time
        return [];
      });
      examplesBySpace.set(space, fetched);
    }
    fetched.then((e) => { if (current) setExamples(e); });
    return () => { current = false; };
  }, [space]);
  return examples;
}

function QuestionBox(props: { busy: boolean; history: string[]; onSend: (q: string) => Promise<boolean> | void; attach: ComponentChild }) {
  const [text, setText] = useState("");
  const [back, setBack] = useState(0);
  const submit = async () => {
    const q = text.trim();
    if (!q || props.busy) return;
    setText("");
    setBack(0);
    if ((await props.onSend(q)) === false) setText(q);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    const area = e.currentTarget as HTMLTextAreaElement;
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    } else if (e.key === "ArrowUp" && !area.value.slice(0, area.selectionStart).includes("\n")) {
      const n = Math.min(back + 1, props.history.length);
      if (n > 0 && n !== back) { e.preventDefault(); setBack(n); setText(props.history[props.history.length - n]); }
    } else if (e.key === "ArrowDown" && back > 0 && !area.value.slice(area.selectionEnd).includes("\n")) {
      e.preventDefault();
      const n = back - 1;
      setBack(n);
      setText(n ? props.history[props.history.length - n] : "");
    }
  };
  return (
    <form class="ask" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      {props.attach}
      <label for="question" class="visually-hidden">Your question</label>
      <textarea id="question" rows={1} placeholder="Ask a question about your data…" value={text}
        onInput={(e) => setText(e.currentTarget.value)} onKeyDown={onKeyDown} />
      <button type="submit" class="primary" disabled={props.busy || !text.trim()}>Ask</button>
      <p class="hint muted">Enter sends · Shift+Enter new line · ↑ earlier questions<span class="drop-hint"> · drop a CSV, Parquet or JSON file to ask about it</span></p>
    </form>
  );
}
