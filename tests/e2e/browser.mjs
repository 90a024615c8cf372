// Debian's chromium as the browser tests launch it: headless, no sandbox (the
// tests run as root in CI), and none of the background traffic a fresh
// profile would send elsewhere (the tests fail on any outside fetch).
import { chromium } from "playwright-core";

export const chromiumPath = process.env.SCRY_CHROMIUM ?? "/usr/bin/chromium";

export function launchChromium() {
  return chromium.launch({
    executablePath: chromiumPath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
}
