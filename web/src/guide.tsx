// "How to ask": the space's guide as a page to read, print or download as
// Markdown. What can be measured, by what, over which dates, and example
// questions (checked by the server to work on this space) that run on a click.
import { useEffect, useState } from "preact/hooks";
import * as api from "./api";
import "./pages.css";
import { formatCell } from "./format";
import { useFocusOnOpen } from "./focus";

interface Props {
  space: string;
  onAsk: (question: string) => void;
  onClose: () => void;
}

export function GuidePage(props: Props) {
  const [guide, setGuide] = useState<api.Guide | null>(null);
  const [problem, setProblem] = useState("");
  const heading = useFocusOnOpen<HTMLHeadingElement>();
  useEffect(() => {
    setGuide(null);
    setProblem("");
    api.guide(props.space).then(setGuide, (e: Error) => setProblem(e.message));
  }, [props.space]);
  return (
    <section class="page guide" aria-labelledby="guide-title">
      <header class="page-head">
        <h1 id="guide-title" ref={heading} tabIndex={-1}>How to ask{guide ? ` about ${guide.title || guide.space_id}` : ""}</h1>
        <div class="page-actions no-print">
          <a class="button" href={api.guideMarkdownUrl(props.space)} download>Download as Markdown</a>
          <button onClick={() => window.print()}>Print</button>
          <button onClick={props.onClose}>Back to chat</button>
        </div>
      </header>
      {problem && <p class="error" role="alert">{problem}</p>}
      {!guide && !problem && <p class="muted" role="status">Writing the guide for this space…</p>}
      {guide && <GuideBody guide={guide} onAsk={props.onAsk} />}
    </section>
  );
}

function GuideBody({ guide, onAsk }: { guide: api.Guide; onAsk: (q: string) => void }) {
  const byTable = new Map<string, api.Guide["dimensions"]>();
  for (const d of guide.dimensions) byTable.set(d.table, [...(byTable.get(d.table) ?? []), d]);
  return (
    <>
      {guide.intro && <p class="intro">{guide.intro}</p>}
      {guide.examples.length > 0 && (
        <section aria-labelledby="guide-examples">
          <h2 id="guide-examples">Questions that work here</h2>
          <p class="muted small no-print">Click one to ask it in a new chat.</p>
          <ul class="guide-examples">
            {guide.examples.map((x) => (
              <li key={x.question}>
                <button class="chip-button" onClick={() => onAsk(x.question)}>{x.question}</button>
                {x.what && x.what.toLowerCase() !== x.question.toLowerCase() && <span class="muted small"> {x.what}</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {guide.measures.length > 0 && (
        <section aria-labelledby="guide-measures">
          <h2 id="guide-measures">What you can measure</h2>
          <dl class="terms">
            {guide.measures.map((m) => (
              <div key={m.name}>
                <dt>{m.display_name || m.name}</dt>
                <dd>{m.description}{m.format && m.format !== "plain" && <span class="muted small"> ({m.format})</span>}</dd>
              </div>
            ))}
          </dl>
        </section>
      )}
      {byTable.size > 0 && (
        <section aria-labelledby="guide-dimensions">
          <h2 id="guide-dimensions">What you can break it down by</h2>
          {[...byTable].map(([table, dims]) => (
            <div key={table} class="guide-group">
              <h3>{table}</h3>
              <dl class="terms">
                {dims.map((d) => (
                  <div key={d.name}>
                    <dt>{d.display_name || d.name}</dt>
                    <dd>
                      {d.description}
                      {d.sample_values.length > 0 && <span class="muted"> {d.description ? "· " : ""}e.g. {d.sample_values.join(", ")}</span>}
                    </dd>
                  </div>
                ))}
              </dl>
            </div>
          ))}
        </section>
      )}
      {(guide.time.length > 0 || guide.time_phrases.length > 0) && (
        <section aria-labelledby="guide-time">
          <h2 id="guide-time">Over which dates</h2>
          {guide.time.length > 0 && (
            <div class="table-scroll">
              <table>
                <thead><tr><th scope="col">Date</th><th scope="col">Table</th><th scope="col">From</th>
                  <th scope="col">To</th><th scope="col">By</th></tr></thead>
                <tbody>
                  {guide.time.map((t) => (
                    <tr key={t.name}>
                      <td>{t.display_name || t.name}</td><td>{t.table}</td>
                      <td>{t.from ? formatCell(t.from, "date") : "—"}</td><td>{t.to ? formatCell(t.to, "date") : "—"}</td>
                      <td>{t.grains.join(", ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {guide.time_phrases.length > 0 && <>
            <p>Time phrases scry understands:</p>
            <ul class="phrases">{guide.time_phrases.map((p) => <li key={p}><code>{p}</code></li>)}</ul>
          </>}
        </section>
      )}
      {guide.tips.length > 0 && (
        <section aria-labelledby="guide-tips">
          <h2 id="guide-tips">Tips</h2>
          <ul class="tips">{guide.tips.map((t) => <li key={t}>{t}</li>)}</ul>
        </section>
      )}
    </>
  );
}
