import { useEffect, useRef } from "preact/hooks";

// A ref for a screen's heading that takes the focus when the screen opens,
// so keyboard and screen reader users start at its top. The heading needs
// tabIndex={-1}.
export function useFocusOnOpen<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => { ref.current?.focus(); }, []);
  return ref;
}
