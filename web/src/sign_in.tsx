import { useState } from "preact/hooks";
import * as api from "./api";

export function SignIn(props: { onSignedIn: (user: api.User) => void; initialProblem?: string }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [problem, setProblem] = useState(props.initialProblem ?? "");
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem("");
    try {
      props.onSignedIn(await api.login(email, password));
    } catch (e) {
      const error = e as api.ApiError;
      setProblem(error.status === 401 ? "That email and password do not match an account." : error.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title"><span class="logo" aria-hidden="true" />scry</h1>
        <p class="muted">Ask your data questions in plain words and get the answer, its table and the SQL behind it.</p>
        <label for="email">Email</label>
        <input id="email" type="email" autocomplete="username" required value={email}
          onInput={(e) => setEmail(e.currentTarget.value)} />
        <label for="password">Password</label>
        <input id="password" type="password" autocomplete="current-password" required value={password}
          onInput={(e) => setPassword(e.currentTarget.value)} />
        {problem && <p class="error" role="alert">{problem}</p>}
        <button type="submit" class="primary" disabled={busy}>{busy ? "Signing in…" : "Sign in"}</button>
      </form>
    </main>
  );
}
