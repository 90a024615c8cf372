// The answer's table: sortable when the page holds every stored row, paged
// through the server otherwise, numbers and dates formatted, and copied to the
// clipboard as tab-separated text (raw values, a header line) for a
// spreadsheet.
import { useState } from "preact/hooks";
import * as api from "./api";
import { formatCell, isNumeric } from "./format";

const PAGE = 25;

// Copies text; falls back to a hidden selection where the Clipboard API is
// missing (a page served over plain http to another machine).
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.style.position = "fixed";
    area.style.opacity = "0";
    document.body.appendChild(area);
    area.select();
    const done = document.execCommand("copy");
    area.remove();
    return done;
  }
}

const tsvCell = (v: api.Cell) => (v === null ? "" : String(v).replace(/[\t\r\n]+/g, " "));

export function toTsv(columns: api.Column[], rows: api.Cell[][]): string {
  return [columns.map((c) => tsvCell(c.name)), ...rows.map((r) => r.map(tsvCell))]
    .map((line) => line.join("\t")).join("\n") + "\n";
}

export function Table({ conversationId, message, answer }: { conversationId: string; message: api.Message; answer: api.Answer }) {
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
  const [copied, setCopied] = useState("");
  // Every stored row, in the order shown.
  const copy = async () => {
    setProblem("");
    try {
      let all = sortedRows ?? answer.rows ?? [];
      if (all.length < stored) all = (await api.resultPage(conversationId, message.id, 0, stored)).rows;
      if (!(await copyText(toTsv(columns, all)))) throw new Error("The browser did not allow copying.");
      setCopied(`Copied ${all.length.toLocaleString("en-US")} ${all.length === 1 ? "row" : "rows"}`);
      setTimeout(() => setCopied(""), 2500);
    } catch (e) {
      setProblem((e as Error).message);
    }
  };
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
        <span class="muted small copied" role="status">{copied}</span>
        <button class="copy-table" onClick={copy} title="Copy the rows as tab-separated text, for a spreadsheet">Copy table</button>
        {stored > PAGE && <>
          <button disabled={offset === 0} onClick={() => go(Math.max(0, offset - PAGE))}>Previous</button>
          <button disabled={offset + PAGE >= stored} onClick={() => go(offset + PAGE)}>Next</button>
        </>}
      </div>
      {problem && <p class="error" role="alert">{problem}</p>}
    </div>
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
