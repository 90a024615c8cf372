// The conversations of the current space, newest first, grouped by date.
import { useState } from "preact/hooks";
import type { Conversation } from "./api";
import { dateGroup } from "./format";

interface Props {
  list: Conversation[];
  current: string | null;
  search: string;
  onSearch: (q: string) => void;
  onOpen: (id: string) => void;
  onNew: () => void;
  onRename: (id: string, title: string) => void;
  onDelete: (id: string) => void;
}

export function Sidebar(props: Props) {
  const now = Date.now();
  const groups = new Map<string, Conversation[]>();
  for (const c of [...props.list].sort((a, b) => b.updated_ms - a.updated_ms)) {
    const g = dateGroup(c.updated_ms, now);
    groups.set(g, [...(groups.get(g) ?? []), c]);
  }
  return (
    <nav class="sidebar" aria-label="Conversations">
      <button class="primary new-chat" onClick={props.onNew}>+ New chat</button>
      <input type="search" class="search" placeholder="Search conversations" aria-label="Search conversations"
        value={props.search} onInput={(e) => props.onSearch(e.currentTarget.value)} />
      {props.list.length === 0 && (
        <p class="muted empty">{props.search ? "No conversation matches." : "Your conversations will appear here."}</p>
      )}
      {[...groups].map(([name, items]) => (
        <section key={name} aria-label={name}>
          <h2 class="group">{name}</h2>
          <ul>{items.map((c) => <Item key={c.id} c={c} {...props} />)}</ul>
        </section>
      ))}
    </nav>
  );
}

function Item(props: Props & { c: Conversation }) {
  const { c } = props;
  const [mode, setMode] = useState<"view" | "rename" | "confirm">("view");
  const [title, setTitle] = useState(c.title);
  const active = c.id === props.current;
  if (mode === "rename") {
    const save = (e: Event) => {
      e.preventDefault();
      if (title.trim() && title.trim() !== c.title) props.onRename(c.id, title.trim());
      setMode("view");
    };
    return (
      <li class="item">
        <form onSubmit={save} class="rename">
          <input aria-label="New title" value={title} ref={(el) => el?.focus()}
            onInput={(e) => setTitle(e.currentTarget.value)}
            onKeyDown={(e) => { if (e.key === "Escape") { setTitle(c.title); setMode("view"); } }}
            onBlur={save} />
        </form>
      </li>
    );
  }
  if (mode === "confirm") {
    return (
      <li class="item confirm" role="group" aria-label={`Delete ${c.title}?`}>
        <span>Delete “{c.title}”?</span>
        <button class="danger" onClick={() => { setMode("view"); props.onDelete(c.id); }}>Delete</button>
        <button onClick={() => setMode("view")}>Keep</button>
      </li>
    );
  }
  return (
    <li class={`item${active ? " active" : ""}`}>
      <button class="title" aria-current={active ? "page" : undefined} onClick={() => props.onOpen(c.id)}
        title={c.title}>{c.title || "Untitled"}</button>
      <button class="icon" aria-label={`Rename ${c.title}`} title="Rename" onClick={() => { setTitle(c.title); setMode("rename"); }}>✎</button>
      <button class="icon" aria-label={`Delete ${c.title}`} title="Delete" onClick={() => setMode("confirm")}>✕</button>
    </li>
  );
}
