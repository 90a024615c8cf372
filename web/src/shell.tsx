// The signed-in page: the conversations sidebar and the chat beside it.
import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import * as api from "./api";
import { Sidebar } from "./sidebar";
import { Chat } from "./chat";
import { Tokens } from "./tokens";

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
  const open = (id: string | null) => {
    setCurrent(id);
    setShowTokens(false);
    setChatKey((k) => k + 1);
    setMenuOpen(false);
    history.replaceState(null, "", id ? `#c=${id}` : "#");
  };

  const signOut = async () => {
    try { await api.logout(); } finally { props.onSignedOut(); }
  };

  return (
    <div class={`shell${menuOpen ? " menu-open" : ""}`}>
      <header class="topbar">
        <button class="icon menu-button" aria-label="Conversations" aria-expanded={menuOpen}
          onClick={() => setMenuOpen(!menuOpen)}>☰</button>
        <span class="brand"><span class="logo" aria-hidden="true" />scry</span>
        <label class="space-picker">
          <span class="visually-hidden">Space</span>
          <select value={space} aria-label="Space" onChange={(e) => {
            setSpace(e.currentTarget.value);
            localStorage.setItem("scry.space", e.currentTarget.value);
            open(null);
          }}>
            {spaces.map((s) => <option value={s.id} key={s.id}>{s.title || s.id}</option>)}
          </select>
        </label>
        <span class="who muted">{props.user.email}</span>
        <button class="link" onClick={() => { setShowTokens(true); setMenuOpen(false); }}>Tokens</button>
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
        {space && !showTokens && <Chat key={`${space}/${chatKey}`} space={space} conversationId={current}
          spaceTitle={spaces.find((s) => s.id === space)?.title ?? space}
          onCreated={(id) => { setCurrent(id); history.replaceState(null, "", `#c=${id}`); }}
          onChanged={refresh} />}
      </main>
    </div>
  );
}
