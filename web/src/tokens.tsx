// Personal access tokens: for scripts and Genie-compatible clients. A new
// token's secret is shown once, here, and never again.
import { useEffect, useState } from "preact/hooks";
import * as api from "./api";

const day = (ms: number | null) => (ms ? new Date(ms).toLocaleDateString("en-US", { dateStyle: "medium" }) : "—");

export function Tokens(props: { onClose: () => void }) {
  const [list, setList] = useState<api.Token[]>([]);
  const [name, setName] = useState("");
  const [days, setDays] = useState("90");
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [problem, setProblem] = useState("");
  const load = () => api.tokens().then(setList, (e: Error) => setProblem(e.message));
  useEffect(() => { load(); }, []);
  const create = async (e: Event) => {
    e.preventDefault();
    setProblem("");
    try {
      const t = await api.createToken(name.trim(), Number(days) || undefined);
      setCreated({ name: t.name, token: t.token });
      setCopied(false);
      setName("");
      load();
    } catch (err) {
      setProblem((err as Error).message);
    }
  };
  const revoke = async (id: number) => {
    try { await api.revokeToken(id); load(); } catch (err) { setProblem((err as Error).message); }
  };
  return (
    <section class="page tokens" aria-labelledby="tokens-title">
      <header class="page-head">
        <h1 id="tokens-title">Access tokens</h1>
        <button onClick={props.onClose}>Back to chat</button>
      </header>
      <p class="muted">A token lets a script or another client ask questions as you: send it as
        <code> Authorization: Bearer …</code>. Revoke it when it is no longer needed.</p>
      <form class="token-form" onSubmit={create}>
        <label>Name <input required value={name} placeholder="e.g. weekly report"
          onInput={(e) => setName(e.currentTarget.value)} /></label>
        <label>Expires after (days, empty: never) <input type="number" min="1" value={days}
          onInput={(e) => setDays(e.currentTarget.value)} /></label>
        <button type="submit" class="primary">Create token</button>
      </form>
      {created && (
        <div class="card created" role="status">
          <p><strong>Copy the token “{created.name}” now:</strong> it will not be shown again.</p>
          <code class="secret" aria-label="New token">{created.token}</code>
          <button onClick={() => navigator.clipboard.writeText(created.token).then(() => setCopied(true), () => {})}>
            {copied ? "Copied" : "Copy"}</button>
        </div>
      )}
      {problem && <p class="error" role="alert">{problem}</p>}
      <table class="token-list">
        <thead><tr><th scope="col">Name</th><th scope="col">Starts with</th><th scope="col">Created</th>
          <th scope="col">Expires</th><th scope="col">Last used</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
        <tbody>
          {list.length === 0 && <tr><td colSpan={6} class="muted">No tokens yet.</td></tr>}
          {list.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td><td><code>{t.prefix}…</code></td><td>{day(t.created_ms)}</td>
              <td>{t.expires_ms ? day(t.expires_ms) : "never"}</td><td>{day(t.last_used_ms)}</td>
              <td>{t.revoked_ms ? <span class="muted">revoked</span>
                : <button class="danger" aria-label={`Revoke ${t.name}`} onClick={() => revoke(t.id)}>Revoke</button>}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
