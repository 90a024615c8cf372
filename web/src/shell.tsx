// The signed-in page: the conversations sidebar and the chat beside it.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import * as api from "./api";
import { Sidebar } from "./sidebar";
import { Chat } from "./chat";
import { Tokens } from "./tokens";
import { lazy } from "./lazy";

// The catalog, the guide and the usage dashboard load as their own chunks.
const CatalogPanel = lazy(() => import("./catalog").then((m) => m.CatalogPanel));
const GuidePage = lazy(() => import("./guide").then((m) => m.GuidePage));
const UsagePage = lazy(() => import("./usage").then((m) => m.UsagePage));
type View = "chat" | "guide" | "usage";
const viewOf = (hash: string): View => (hash === "#guide" || hash === "#usage" ? hash.slice(1) as View : "chat");

export function Shell(props: { user: api.User; onSignedOut: () => void }) {
  const [spaces, setSpaces] = useState<api.Space[]>([]);
  const [space, setSpace] = useState("");
  const [list, setList] = useState<api.Conversation[]>([]);
  const [search, setSearch] = useState("");
  const [current, setCurrent] = useState<string | null>(null);
  const [problem, setProblem] = useState("");
  const [menuOpen, setMenuOpen] = useState(false);
  // A new key starts the chat afresh; a conversation the chat itself just
  // created keeps the chat (and its answer in flight) as it is.
  const [chatKey, setChatKey] = useState(0);
  const [showTokens, setShowTokens] = useState(false);
  const [view, setView] = useState<View>(() => viewOf(location.hash));
  const [catalogOpen, setCatalogOpen] = useState(false);
  useEffect(() => {
    const follow = () => setView(viewOf(location.hash));
    addEventListener("hashchange", follow);
    return () => removeEventListener("hashchange", follow);
  }, []);

  useEffect(() => {
    api.spaces().then((s) => {
      setSpaces(s);
      const saved = localStorage.getItem("scry.space");
      setSpace(s.find((x) => x.id === saved)?.id ?? s[0]?.id ?? "");
    }, (e: Error) => setProblem(e.message));
  }, []);

  // Replies can arrive out of order while someone types a search: only the
  // latest request's reply is shown.
  const latest = useRef(0);
  const refresh = useCallback(async () => {
    if (!space) return;
    const ticket = ++latest.current;
    try {
      const found = await api.conversations(space, search);
      if (ticket === latest.current) setList(found);
    } catch (e) {
      setProblem((e as Error).message);
    }
  }, [space, search]);
  useEffect(() => { refresh(); }, [refresh]);

  useEffect(() => {
    const fromUrl = new URLSearchParams(location.hash.slice(1)).get("c");
    if (fromUrl) { setCurrent(fromUrl); setChatKey((k) => k + 1); }
  }, []);
  // Another space keeps the guide or the dashboard open (for that space);
  // anything else goes back to the chat.
  const open = (id: string | null, next: View = "chat") => {
    setCurrent(id);
    setShowTokens(false);
    setView(next);
    setChatKey((k) => k + 1);
    setMenuOpen(false);
    history.replaceState(null, "", id ? `#c=${id}` : next === "chat" ? "#" : `#${next}`);
  };

  const show = (next: View) => {
    setView(next);
    setShowTokens(false);
    setMenuOpen(false);
    history.replaceState(null, "", next === "chat" ? (current ? `#c=${current}` : "#") : `#${next}`);
  };
  // Example questions from the catalog and the guide start a chat of their
  // own, so the one open is not read as their context.
  const askInNewChat = async (question: string) => {
    try {
      const c = await api.createConversation(space);
      await api.ask(c.id, question);
      if (matchMedia("(max-width: 720px)").matches) setCatalogOpen(false);
      open(c.id);
      refresh();
    } catch (e) {
      setProblem((e as Error).message);
    }
  };

  const signOut = async () => {
    try { await api.logout(); } finally { props.onSignedOut(); }
  };

  return (
    <div class={`shell${menuOpen ? " menu-open" : ""}${catalogOpen && space ? " catalog-open" : ""}`}>
      <header class="topbar">
        <button class="icon menu-button" aria-label="Conversations" aria-expanded={menuOpen}
          onClick={() => setMenuOpen(!menuOpen)}>☰</button>
        <span class="brand"><span class="logo" aria-hidden="true" />scry</span>
        <label class="space-picker">
          <span class="visually-hidden">Space</span>
          <select value={space} aria-label="Space" onChange={(e) => {
            setSpace(e.currentTarget.value);
            localStorage.setItem("scry.space", e.currentTarget.value);
            open(null, view);
          }}>
            {spaces.map((s) => <option value={s.id} key={s.id}>{s.title || s.id}</option>)}
          </select>
        </label>
        <span class="who muted">{props.user.email}</span>
        <span class="screens">
          <button class="link" aria-pressed={catalogOpen} onClick={() => { setCatalogOpen(!catalogOpen); setMenuOpen(false); }}>Catalog</button>
          <button class="link" aria-current={view === "guide" ? "page" : undefined} onClick={() => show("guide")}>Guide</button>
          {props.user.role === "admin" && (
            <button class="link" aria-current={view === "usage" ? "page" : undefined} onClick={() => show("usage")}>Usage</button>
          )}
          <button class="link" onClick={() => { setShowTokens(true); setMenuOpen(false); }}>Tokens</button>
        </span>
        <button class="link" onClick={signOut}>Sign out</button>
      </header>
      <Sidebar list={list} current={current} search={search} onSearch={setSearch}
        onOpen={open} onNew={() => open(null)}
        onRename={async (id, title) => {
          try { await api.renameConversation(id, title); } catch (e) { setProblem((e as Error).message); }
          refresh();
        }}
        onDelete={async (id) => {
          try { await api.deleteConversation(id); } catch (e) { setProblem((e as Error).message); }
          if (id === current) open(null);
          refresh();
        }} />
      <main class="main">
        {problem && <p class="error banner" role="alert">{problem} <button class="link" onClick={() => setProblem("")}>Dismiss</button></p>}
        {spaces.length === 0 && !problem && (
          <p class="muted empty-spaces">No space is shared with you yet: ask an administrator to grant you one.</p>
        )}
        {showTokens && <Tokens onClose={() => setShowTokens(false)} />}
        {space && !showTokens && view === "guide" && <GuidePage space={space} onAsk={askInNewChat} onClose={() => show("chat")} />}
        {!showTokens && view === "usage" && <UsagePage user={props.user} spaces={spaces} onClose={() => show("chat")} />}
        {space && !showTokens && view === "chat" && <Chat key={`${space}/${chatKey}`} space={space} conversationId={current}
          spaceTitle={spaces.find((s) => s.id === space)?.title ?? space} role={props.user.role}
          onCreated={(id) => { setCurrent(id); history.replaceState(null, "", `#c=${id}`); }}
          onChanged={refresh} />}
      </main>
      {catalogOpen && space && <CatalogPanel space={space} onAsk={askInNewChat} onClose={() => setCatalogOpen(false)} />}
    </div>
  );
}
