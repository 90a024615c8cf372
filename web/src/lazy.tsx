// A screen loaded as its own chunk the first time it is shown, so the page
// script stays small for the people who only chat.
import type { ComponentType } from "preact";
import { useEffect, useState } from "preact/hooks";

export function lazy<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  return function Lazy(props: P) {
    const [component, setComponent] = useState<{ c: ComponentType<P> } | null>(loaded && { c: loaded });
    const [problem, setProblem] = useState("");
    useEffect(() => {
      if (component) return;
      pending ??= load();
      pending.then((c) => { loaded = c; setComponent({ c }); }, () => {
        pending = null;  // a later visit tries again
        setProblem("This screen could not be loaded. Check your connection and reload the page.");
      });
    }, []);
    if (problem) return <p class="error page" role="alert">{problem}</p>;
    if (!component) return <p class="muted page" role="status">Loading…</p>;
    const C = component.c;
    return <C {...props} />;
  };
}
