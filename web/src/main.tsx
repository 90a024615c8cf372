import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import * as api from "./api";
import { SignIn } from "./sign_in";
import { Shell } from "./shell";
import "./styles.css";

const signedInKey = "scry.signed-in";

function App() {
  const [user, setUser] = useState<api.User | null | undefined>(undefined);
  const [problem, setProblem] = useState("");
  useEffect(() => {
    // Asking the server who is signed in answers 401 to a stranger, which the
    // browser logs as an error: ask only when this browser signed in before.
    if (!localStorage.getItem(signedInKey)) { setUser(null); return; }
    api.me().then(setUser, (e: Error) => { setProblem(e.message); setUser(null); });
  }, []);
  const signedIn = (u: api.User | null) => {
    if (u) localStorage.setItem(signedInKey, "1"); else localStorage.removeItem(signedInKey);
    setUser(u);
  };
  if (user === undefined) return <p class="loading" role="status">Loading…</p>;
  if (!user) return <SignIn onSignedIn={signedIn} initialProblem={problem} />;
  return <Shell user={user} onSignedOut={() => signedIn(null)} />;
}

render(<App />, document.getElementById("app")!);
