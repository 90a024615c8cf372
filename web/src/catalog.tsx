// The catalog of a space, beside the chat: what can be asked about. Its
// tables with their columns (role, description, a few values), its metrics
// with the SQL that computes them, and example questions that run on a click.
import { useEffect, useRef, useState } from "preact/hooks";
import * as api from "./api";
import "./pages.css";

interface Props {
  space: string;
  onAsk: (question: string) => void;
  onClose: () => void;
}

const roleWords: Record<api.ColumnRole, string> = {
  identifier: "identifier", dimension: "group by", measure: "measure", time: "date",
  name: "name", text: "text", flag: "yes / no",
};

export function CatalogPanel(props: Props) {
  const [catalog, setCatalog] = useState<api.Catalog | null>(null);
  const [problem, setProblem] = useState("");
  const [filter, setFilter] = useState("");
  const search = useRef<HTMLInputElement>(null);
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    setCatalog(null);
    api.catalog(props.space).then(setCatalog, (e: Error) => setProblem(e.message));
  }, [props.space]);
  // The focus moves into the panel; on a phone to its close button, so the
  // keyboard does not cover the panel the moment it opens.
  // Closing gives the focus back to where it was (the Catalog button).
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    (matchMedia("(max-width: 720px)").matches ? close : search).current?.focus();
    return () => { if (before?.isConnected) before.focus(); };
  }, []);

  const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (...texts: string[]) => {
    const hay = texts.join(" ").toLowerCase();
    return words.every((w) => hay.includes(w));
  };
  const tables = (catalog?.tables ?? []).map((t) => {
    const whole = matches(t.name, t.display_name, t.description);
    const columns = whole ? t.columns : t.columns.filter((c) =>
      matches(t.display_name, c.name, c.display_name, c.description, c.role, roleWords[c.role], ...c.sample_values));
    return { table: t, columns };
  }).filter((x) => x.columns.length > 0);
  const metrics = (catalog?.metrics ?? []).filter((m) => matches(m.name, m.display_name, m.description, m.expression));
  const examples = (catalog?.example_questions ?? []).filter((q) => matches(q));
  const nothing = catalog && tables.length === 0 && metrics.length === 0 && examples.length === 0;

  return (
    <aside class="catalog" aria-labelledby="catalog-title"
      onKeyDown={(e) => { if (e.key === "Escape") props.onClose(); }}>
      <header class="panel-head">
        <h2 id="catalog-title">Catalog</h2>
        <button ref={close} class="icon" aria-label="Close the catalog" title="Close" onClick={props.onClose}>✕</button>
      </header>
      <input ref={search} type="search" class="search" placeholder="Filter tables, columns, metrics, values"
        aria-label="Filter the catalog" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} />
      {problem && <p class="error" role="alert">{problem}</p>}
      {!catalog && !problem && <p class="muted" role="status">Loading the catalog…</p>}
      {nothing && <p class="muted">Nothing matches “{filter}”.</p>}
      {examples.length > 0 && (
        <section aria-labelledby="catalog-examples">
          <h3 id="catalog-examples">Try asking</h3>
          <ul class="catalog-examples">
            {examples.map((q) => (
              <li key={q}><button class="chip-button" title="Ask this in a new chat" onClick={() => props.onAsk(q)}>{q}</button></li>
            ))}
          </ul>
        </section>
      )}
      {metrics.length > 0 && (
        <section aria-labelledby="catalog-metrics">
          <h3 id="catalog-metrics">Metrics</h3>
          <ul class="metrics">
            {metrics.map((m) => (
              <li key={m.name}>
                <strong>{m.display_name || m.name}</strong> <code class="expression">{m.expression}</code>
                {m.description && <span class="muted small description">{m.description}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {tables.length > 0 && (
        <section aria-labelledby="catalog-tables">
          <h3 id="catalog-tables">Tables</h3>
          {tables.map(({ table, columns }) => (
            <details key={table.name} class="catalog-table" open={words.length > 0 || undefined}>
              <summary>
                <span class="table-name">{table.display_name || table.name}</span>
                <span class="muted small"> {table.name} · {columns.length} column{columns.length === 1 ? "" : "s"}</span>
              </summary>
              {table.description && <p class="muted small">{table.description}</p>}
              <ul class="columns" aria-label={`Columns of ${table.display_name || table.name}`}>
                {columns.map((c) => (
                  <li key={c.name}>
                    <span class="column-name">{c.display_name || c.name}</span>
                    <span class={`role role-${c.role}`}>{roleWords[c.role] ?? c.role}</span>
                    {c.description && <span class="small">{c.description}</span>}
                    {c.sample_values.length > 0 && (
                      <span class="samples muted small">e.g. {c.sample_values.join(", ")}</span>
                    )}
                  </li>
                ))}
              </ul>
            </details>
          ))}
        </section>
      )}
    </aside>
  );
}
