// The page's only way to the server: the native JSON API under /api/v1
// (src/server/routes/openapi.json). A signed-in browser holds the session
// cookie; unsafe methods also send the CSRF token the server handed out.

import { formatBytes } from "./format";

export type Role = "viewer" | "author" | "admin";
export interface User { id: number; email: string; display_name: string; role: Role }
export interface Space { id: string; title: string; description: string }
export interface Conversation {
  id: string; space_id: string; title: string;
  created_ms: number; updated_ms: number; message_count: number;
}
export interface Chip { kind: string; text: string }
export interface Column { name: string; type: string }
export type Cell = string | number | boolean | null;
export interface Answer {
  question: string;
  kind: "query" | "clarification" | "not_understood" | "sql" | "cancelled" | "error";
  interpretation?: { restatement?: string; chips?: Chip[]; follow_up?: boolean; follow_up_reason?: string };
  clarification?: { question: string; choices: { label: string; restatement: string }[] };
  message?: string;
  hints?: string[];
  sql?: string;
  columns?: Column[];
  rows?: Cell[][];
  row_count?: number;
  total_rows?: number | null;
  rows_stored?: number;
  truncated?: boolean;
  error?: { code: string; message: string };
  summary?: string;
  suggestions?: string[];
  chart?: unknown;
  // Answered from a trusted question (an author vetted its SQL).
  trusted?: { id: string; question: string };
}
export type Status = "submitted" | "understanding" | "running" | "completed" | "failed" | "cancelled";
export interface Message {
  id: string; conversation_id: string; seq: number; question: string; status: Status;
  created_ms: number; answer?: Answer; error?: { code: string; message: string };
  feedback?: { rating: "up" | "down" | "none"; comment?: string };
}
export interface ResultPage { columns: Column[]; rows: Cell[][]; offset: number; stored_rows: number; total_rows: number | null }

export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) { super(message); }
}

let csrf_token = "";

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrf_token) headers["X-CSRF-Token"] = csrf_token;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method, headers, credentials: "same-origin",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, "UNAVAILABLE", "The server cannot be reached. Check your connection and try again.");
  }
  const text = await response.text();
  const json = text ? JSON.parse(text) : {};
  if (!response.ok) {
    const error = json.error ?? {};
    throw new ApiError(response.status, error.code ?? "UNKNOWN", error.message ?? `The server answered ${response.status}.`);
  }
  return json as T;
}

export async function me(): Promise<User | null> {
  try {
    const reply = await call<{ user: User; csrf_token?: string }>("GET", "/me");
    csrf_token = reply.csrf_token ?? "";
    return reply.user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

export async function login(email: string, password: string): Promise<User> {
  const reply = await call<{ user: User; csrf_token: string }>("POST", "/login", { email, password });
  csrf_token = reply.csrf_token;
  return reply.user;
}

export async function logout(): Promise<void> {
  await call("POST", "/logout");
  csrf_token = "";
}

export interface Token {
  id: number; name: string; prefix: string; created_ms: number;
  expires_ms: number | null; revoked_ms: number | null; last_used_ms: number | null;
}
export const tokens = () => call<{ tokens: Token[] }>("GET", "/tokens").then((r) => r.tokens);
export const createToken = (name: string, ttl_days?: number) =>
  call<Token & { token: string }>("POST", "/tokens", ttl_days ? { name, ttl_days } : { name });
export const revokeToken = (id: number) => call("DELETE", `/tokens/${id}`);

export const spaces = () => call<{ spaces: Space[] }>("GET", "/spaces").then((r) => r.spaces);

export function conversations(space_id: string, q: string): Promise<Conversation[]> {
  const params = new URLSearchParams({ space_id, page_size: "100" });
  if (q) params.set("q", q);
  return call<{ conversations: Conversation[] }>("GET", `/conversations?${params}`).then((r) => r.conversations);
}

export const createConversation = (space_id: string) =>
  call<Conversation>("POST", "/conversations", { space_id });
export const conversation = (id: string) =>
  call<Conversation & { messages: Message[] }>("GET", `/conversations/${id}`);
export const renameConversation = (id: string, title: string) =>
  call<Conversation>("PATCH", `/conversations/${id}`, { title });
export const deleteConversation = (id: string) => call("DELETE", `/conversations/${id}`);

export const ask = (id: string, question: string) =>
  call<Message>("POST", `/conversations/${id}/messages`, { question });
// The choice's label goes along as the question: it is what the conversation
// shows, and the server asks for a question even with a choice.
export const choose = (id: string, choice: number, label: string) =>
  call<Message>("POST", `/conversations/${id}/messages`, { question: label, choice });
export const cancel = (id: string, mid: string) =>
  call("POST", `/conversations/${id}/messages/${mid}/cancel`);
export const resultPage = (id: string, mid: string, offset: number, limit: number) =>
  call<ResultPage>("GET", `/conversations/${id}/messages/${mid}/result?offset=${offset}&limit=${limit}`);
export const feedback = (id: string, mid: string, rating: "up" | "down" | "none", comment?: string) =>
  call<{ rating: string; comment?: string }>("PUT", `/conversations/${id}/messages/${mid}/feedback`,
    comment === undefined ? { rating } : { rating, comment });
// An author's own SQL, run through the server's guard as a new message.
export const runSql = (id: string, sql: string) => call<Message>("POST", `/conversations/${id}/sql`, { sql });
export const markTrusted = (space_id: string, conversation_id: string, message_id: string) =>
  call<{ id: string }>("POST", `/spaces/${encodeURIComponent(space_id)}/trusted-questions`, { conversation_id, message_id });

export interface Attachment {
  id: string; conversation_id: string; file_name: string; table_name: string;
  format: "csv" | "parquet" | "json"; size_bytes: number; row_count: number; columns: Column[]; created_ms: number;
}
export const attachments = (id: string) =>
  call<{ attachments: Attachment[] }>("GET", `/conversations/${id}/attachments`).then((r) => r.attachments);
export const deleteAttachment = (id: string, aid: string) => call("DELETE", `/conversations/${id}/attachments/${aid}`);

// The server's 413 says "request body larger than N bytes": in words.
function tooLarge(message?: string): string {
  const limit = Number(/(\d+) bytes/.exec(message ?? "")?.[1]);
  if (!limit) return "The file is larger than the server takes.";
  return `The file is larger than the ${formatBytes(limit)} the server takes.`;
}

// Sends a file's bytes as they are, reporting the share sent so far (0–1):
// fetch cannot report upload progress, XMLHttpRequest can.
export function upload(id: string, file: File, onProgress: (sent: number) => void): Promise<Attachment> {
  const params = new URLSearchParams({ name: file.name });
  const format = file.name.toLowerCase().match(/\.(csv|parquet|json)$/)?.[1];
  if (format) params.set("format", format);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/conversations/${id}/attachments?${params}`);
    xhr.setRequestHeader("Accept", "application/json");
    xhr.setRequestHeader("Content-Type", "application/octet-stream");
    if (csrf_token) xhr.setRequestHeader("X-CSRF-Token", csrf_token);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total); };
    xhr.onload = () => {
      let json: { error?: { code?: string; message?: string } } & Partial<Attachment> = {};
      try { json = xhr.responseText ? JSON.parse(xhr.responseText) : {}; } catch { /* not JSON: said below */ }
      if (xhr.status === 201) { resolve(json as Attachment); return; }
      const why = xhr.status === 413 ? tooLarge(json.error?.message)
        : json.error?.message ?? `The server answered ${xhr.status}.`;
      reject(new ApiError(xhr.status, json.error?.code ?? "UNKNOWN", why));
    };
    xhr.onerror = () => reject(new ApiError(0, "UNAVAILABLE", "The server cannot be reached. Check your connection and try again."));
    xhr.send(file);
  });
}
export const csvUrl = (id: string, mid: string) => `/api/v1/conversations/${id}/messages/${mid}/result.csv`;

// Follows a message through its stages: `onStatus` for each stage, then the
// whole message once it is final. Returns a function that stops listening.
export function follow(
  id: string, mid: string,
  onStatus: (status: Status) => void,
  onDone: (message: Message | null, problem?: string) => void,
): () => void {
  const source = new EventSource(`/api/v1/conversations/${id}/messages/${mid}/events`);
  let done = false;
  source.addEventListener("status", (event) => {
    onStatus(JSON.parse((event as MessageEvent).data).status);
  });
  source.addEventListener("answer", (event) => {
    done = true;
    source.close();
    onDone(JSON.parse((event as MessageEvent).data));
  });
  source.onerror = () => {
    if (done) return;
    done = true;
    source.close();
    onDone(null, "The connection to the server was lost while waiting for the answer.");
  };
  return () => { done = true; source.close(); };
}

// The catalog, the "How to ask" guide and the usage dashboard.
export type ColumnRole = "identifier" | "dimension" | "measure" | "time" | "name" | "text" | "flag";
export interface CatalogColumn { name: string; display_name: string; description: string; role: ColumnRole; sample_values: string[] }
export interface CatalogTable { name: string; display_name: string; description: string; columns: CatalogColumn[] }
export interface Metric { name: string; display_name: string; description: string; expression: string }
export interface Catalog { space_id: string; title: string; tables: CatalogTable[]; metrics: Metric[]; example_questions: string[] }
export const catalog = (space_id: string) => call<Catalog>("GET", `/spaces/${encodeURIComponent(space_id)}/catalog`);

export interface Guide {
  space_id: string; title: string; intro: string;
  measures: { name: string; display_name: string; description: string; format: string }[];
  dimensions: { name: string; display_name: string; description: string; table: string; sample_values: string[] }[];
  time: { name: string; display_name: string; table: string; from: string | null; to: string | null; grains: string[] }[];
  time_phrases: string[];
  examples: { question: string; what: string }[];
  tips: string[];
}
export const guide = (space_id: string) => call<Guide>("GET", `/spaces/${encodeURIComponent(space_id)}/guide`);
export const guideMarkdownUrl = (space_id: string) => `/api/v1/spaces/${encodeURIComponent(space_id)}/guide.md`;

export interface Counted { count: number }
export interface UsageDay {
  day: string; questions: number; failed: number; clarifications: number; latency_p50_ms: number; latency_p95_ms: number;
}
export interface Usage {
  days: number; from_ms: number; space_id: string; questions: number; outcomes: Record<string, number>;
  failure_rate: number; clarification_rate: number;
  latency_ms: { p50: number; p95: number }; engine_ms: { total: number; p50: number; p95: number };
  feedback: { up: number; down: number }; downloads: number; per_day: UsageDay[];
  top_users: (Counted & { user: string })[];
  top_questions: (Counted & { question: string })[];
  top_failed_questions: (Counted & { question: string })[];
}
export function usage(days: number, space_id: string): Promise<Usage> {
  const params = new URLSearchParams({ days: String(days) });
  if (space_id) params.set("space_id", space_id);
  return call<Usage>("GET", `/admin/usage?${params}`);
}
