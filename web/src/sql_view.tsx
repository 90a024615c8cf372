// The SQL of an answer: highlighted by a small tokenizer of our own, copied
// with one click, and, for authors and admins, edited and run again (the
// server's guard checks it as it checks generated SQL).
import { useId, useRef, useState } from "preact/hooks";
import { copyText } from "./table";

export type TokenKind = "keyword" | "identifier" | "string" | "number" | "comment" | "operator" | "punctuation" | "space";
export interface Token { kind: TokenKind; text: string }

const keywords = new Set(`select from where group by order having limit offset join left right inner outer
full cross natural on using as and or not in is null like ilike similar between case when then else end
distinct union all intersect except with recursive asc desc nulls first last over partition rows range
groups window qualify filter within cast try_cast true false interval date time timestamp exists any some
lateral values insert update delete create drop alter into set table view replace top fetch next only
pivot unpivot sample`.split(/\s+/));

// Tried in order at each position; the first that matches makes the token.
const rules: [TokenKind, RegExp][] = [
  ["space", /\s+/y],
  ["comment", /--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)/y],
  ["string", /'(?:[^']|'')*'?/y],
  ["identifier", /"(?:[^"]|"")*"?|`[^`]*`?/y],
  ["number", /(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/y],
  ["identifier", /[\p{L}_][\p{L}\p{N}_$]*/uy],
  ["operator", /<>|<=|>=|!=|\|\||::|->>|->|[-+*/%=<>!|&^~]/y],
];

// Splits SQL into tokens whose texts add up to the input, so nothing is lost
// however odd the statement.
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < sql.length) {
    let matched = false;
    for (const [kind, re] of rules) {
      re.lastIndex = at;
      const m = re.exec(sql);
      if (!m || m[0].length === 0) continue;
      const text = m[0];
      tokens.push({ kind: kind === "identifier" && keywords.has(text.toLowerCase()) ? "keyword" : kind, text });
      at += text.length;
      matched = true;
      break;
    }
    if (!matched) tokens.push({ kind: "punctuation", text: sql[at++] });
  }
  return tokens;
}

// The guard's refusal without its prefixes ("guard: refused: …"), as a
// sentence.
export function plainWords(message: string): string {
  const text = message.replace(/^(?:\s*(?:guard|refused|sql|error)\s*:\s*)+/i, "").trim();
  if (!text) return message;
  const sentence = text[0].toUpperCase() + text.slice(1);
  return /[.!?]$/.test(sentence) ? sentence : `${sentence}.`;
}

export function HighlightedSql({ sql }: { sql: string }) {
  return (
    <pre class="sql-code"><code>{tokenize(sql).map((t, i) =>
      t.kind === "space" ? t.text : <span key={i} class={`tok-${t.kind}`}>{t.text}</span>)}</code></pre>
  );
}

interface Props {
  sql: string;
  // Present for authors and admins: runs the edited SQL as a new turn and
  // resolves to the server's refusal in plain words, or null once it is sent.
  onRun?: (sql: string) => Promise<string | null>;
}

export function SqlView({ sql, onRun }: Props) {
  const [copied, setCopied] = useState(false);
  const [editing, setEditing] = useState(false);
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState(sql);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState("");
  const area = useRef<HTMLTextAreaElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const id = useId();
  const copy = async () => {
    if (await copyText(sql)) { setCopied(true); setTimeout(() => setCopied(false), 2000); }
  };
  const edit = () => {
    setDraft(sql);
    setProblem("");
    setEditing(true);
    setOpen(true);
    setTimeout(() => area.current?.focus(), 0);
  };
  // Back to the button that opened the editor, so the keyboard's place is kept.
  const close = () => {
    setEditing(false);
    setTimeout(() => editButton.current?.focus(), 0);
  };
  const run = async () => {
    if (!onRun || !draft.trim() || busy) return;
    setBusy(true);
    setProblem("");
    const refused = await onRun(draft.trim());
    setBusy(false);
    if (refused) setProblem(plainWords(refused)); else setEditing(false);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); }
    if (e.key === "Escape") { e.preventDefault(); close(); }
  };
  return (
    <details class="sql" open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>SQL</summary>
      {editing ? (
        <div class="sql-editor">
          <label for={id}>SQL to run</label>
          <p class="small muted">One SELECT; it runs read-only, under your access rules. Ctrl+Enter runs it, Escape closes the editor.</p>
          <textarea ref={area} id={id} spellcheck={false}
            rows={Math.min(16, Math.max(4, draft.split("\n").length + 1))} value={draft}
            onInput={(e) => setDraft(e.currentTarget.value)} onKeyDown={onKeyDown} />
          {problem && <p class="error" role="alert"><strong>Not run:</strong> {problem}</p>}
          <div class="row-actions">
            <button class="primary" onClick={run} disabled={busy || !draft.trim()}>{busy ? "Running…" : "Run"}</button>
            <button onClick={close}>Cancel</button>
          </div>
        </div>
      ) : (
        <>
          <HighlightedSql sql={sql} />
          <div class="row-actions">
            <button onClick={copy}>Copy SQL</button>
            {onRun && <button ref={editButton} onClick={edit}>Edit SQL</button>}
            <span class="muted small" role="status">{copied ? "Copied" : ""}</span>
          </div>
        </>
      )}
    </details>
  );
}
