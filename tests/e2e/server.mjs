// Starts the real `scry serve` for the browser tests: a small demo warehouse,
// a throwaway store, the built web UI, a fixed "today", a port the OS picks.
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const EMAIL = "ana@example.com";
export const PASSWORD = "correct horse battery staple";
// Besides the author above: an admin (the usage dashboard) and a viewer (who
// must not reach it), with the same password and the demo space granted.
export const ADMIN_EMAIL = "ada@example.com";
export const VIEWER_EMAIL = "vic@example.com";

export async function startServer({ scry, webRoot }) {
  const dir = mkdtempSync(join(tmpdir(), "scry-e2e-"));
  const warehouse = join(dir, "w.duckdb");
  execFileSync(scry, ["demo-data", "--rows", "20000", "--end-date", "2025-11-24", "--warehouse", warehouse],
    { stdio: "ignore" });
  const config = join(dir, "scry.yaml");
  writeFileSync(config, [
    "listen: 127.0.0.1:0",
    `store: {kind: sqlite, path: ${JSON.stringify(join(dir, "scry.db"))}}`,
    `web_root: ${JSON.stringify(webRoot)}`,
    "today: 2025-11-24",
    "limits: {max_upload_bytes: 1048576}",  // small, so a test can send a file too large
    "spaces:",
    "  - id: demo",
    "    title: Demo sales",
    "    description: Orders, products, customers and stores",
    `    warehouse: ${JSON.stringify(warehouse)}`,
    "",
  ].join("\n"));
  for (const [email, role] of [[EMAIL, "author"], [ADMIN_EMAIL, "admin"], [VIEWER_EMAIL, "viewer"]]) {
    execFileSync(scry, ["user", "add", email, "--role", role, "--password", PASSWORD, "--config", config],
      { stdio: "ignore" });
    execFileSync(scry, ["grant", "add", "demo", "--user", email, "--config", config], { stdio: "ignore" });
  }
  const child = spawn(scry, ["serve", "--config", config], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`scry serve did not start:\n${stderr}`)), 30000);
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/scry serving .* on (https?:\/\/127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`scry serve exited ${code}:\n${stderr}`)); });
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        process.kill(child.pid, "SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
