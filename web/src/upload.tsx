// Files attached to a conversation: dropped onto the chat or picked with a
// button, sent with a progress bar, listed as chips that remove them. Each is a
// table only this conversation's questions and SQL can read.
import { useEffect, useRef, useState } from "preact/hooks";
import * as api from "./api";
import { formatBytes } from "./format";

export const kAccept = ".csv,.tsv,.txt,.parquet,.json,.jsonl,.ndjson";

interface Sending { name: string; sent: number }

// The conversation's attachments and what is being sent. `conversation`
// returns the conversation's id, creating it first when the chat is new.
export function useAttachments(id: string | null, conversation: () => Promise<string>) {
  const [list, setList] = useState<api.Attachment[]>([]);
  const [sending, setSending] = useState<Sending | null>(null);
  const [problem, setProblem] = useState("");
  useEffect(() => {
    if (id) api.attachments(id).then(setList, (e: Error) => setProblem(e.message));
  }, []);
  const attach = async (files: FileList | File[] | null) => {
    const file = files?.[0];
    if (!file || sending) return;
    setProblem("");
    setSending({ name: file.name, sent: 0 });
    try {
      const cid = await conversation();
      const added = await api.upload(cid, file, (sent) => setSending({ name: file.name, sent }));
      setList((l) => [...l, added]);
    } catch (e) {
      setProblem(`${file.name} was not attached: ${(e as Error).message}`);
    } finally {
      setSending(null);
    }
  };
  const remove = async (a: api.Attachment) => {
    setProblem("");
    try {
      await api.deleteAttachment(a.conversation_id, a.id);
      setList((l) => l.filter((x) => x.id !== a.id));
    } catch (e) {
      setProblem((e as Error).message);
    }
  };
  return { list, sending, problem, attach, remove, clearProblem: () => setProblem("") };
}

export type Attachments = ReturnType<typeof useAttachments>;

// Where a file dragged over `target` may be dropped: true while a file is over it.
export function useDropZone(onFiles: (files: FileList) => void) {
  const [over, setOver] = useState(false);
  const depth = useRef(0);
  const hasFiles = (e: DragEvent) => Array.from(e.dataTransfer?.types ?? []).includes("Files");
  return {
    over,
    handlers: {
      onDragEnter: (e: DragEvent) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current += 1;
        setOver(true);
      },
      onDragOver: (e: DragEvent) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
      },
      onDragLeave: (e: DragEvent) => {
        if (!hasFiles(e)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      },
      onDrop: (e: DragEvent) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        depth.current = 0;
        setOver(false);
        if (e.dataTransfer?.files.length) onFiles(e.dataTransfer.files);
      },
    },
  };
}

export function DropOverlay() {
  return (
    <div class="drop-overlay" aria-hidden="true">
      <div>
        <strong>Drop the file to attach it</strong>
        <span>CSV, Parquet or JSON: it becomes a table you can ask about in this conversation.</span>
      </div>
    </div>
  );
}

// The button that picks a file; the input itself stays out of sight.
export function AttachButton({ attachments, disabled }: { attachments: Attachments; disabled?: boolean }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input ref={input} type="file" accept={kAccept} hidden aria-label="File to attach" data-testid="attach-input"
        onChange={(e) => { const files = e.currentTarget.files; attachments.attach(files ? Array.from(files) : null); e.currentTarget.value = ""; }} />
      <button type="button" class="attach" disabled={disabled || !!attachments.sending} onClick={() => input.current?.click()}
        aria-label="Attach a file (CSV, Parquet or JSON)" title="Attach a CSV, Parquet or JSON file, or drop one onto the chat">
        <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true"><path fill="none" stroke="currentColor" stroke-width="2"
          stroke-linecap="round" stroke-linejoin="round" d="M21 11.5l-8.6 8.6a5.5 5.5 0 0 1-7.8-7.8l9.2-9.2a3.7 3.7 0 0 1 5.2 5.2l-9.2 9.2a1.8 1.8 0 0 1-2.6-2.6l8.5-8.5" /></svg>
      </button>
    </>
  );
}

export function AttachmentBar({ attachments }: { attachments: Attachments }) {
  const { list, sending, problem } = attachments;
  if (!list.length && !sending && !problem) return null;
  const latest = list[list.length - 1];
  return (
    <div class="attachment-bar">
      {list.length > 0 && (
        <ul class="attachments" aria-label="Attached tables">
          {list.map((a) => (
            <li key={a.id} class="attachment" title={`${a.file_name}, ${formatBytes(a.size_bytes)}: columns ${a.columns.map((c) => c.name).join(", ")}`}>
              <span class="attachment-name">{a.table_name}</span>
              <span class="muted small">{a.row_count.toLocaleString("en-US")} rows</span>
              <button class="icon" aria-label={`Remove ${a.file_name}`} onClick={() => attachments.remove(a)}>×</button>
            </li>
          ))}
        </ul>
      )}
      {sending && (
        <div class="uploading" role="status">
          <span>{sending.sent < 1 ? `Uploading ${sending.name}… ${Math.round(sending.sent * 100)}%` : `Reading ${sending.name} as a table…`}</span>
          <progress max={1} value={sending.sent} aria-label={`Upload of ${sending.name}`} />
        </div>
      )}
      {!sending && latest && !problem && (
        <p class="muted small attach-hint">Ask about <strong>{latest.table_name}</strong>: its columns are {latest.columns.map((c) => c.name).join(", ")}.</p>
      )}
      {problem && (
        <p class="error small" role="alert">{problem} <button class="link" onClick={attachments.clearProblem}>Dismiss</button></p>
      )}
    </div>
  );
}
