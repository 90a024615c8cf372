import { defineConfig } from "vite";

// The page is served by `scry serve` from web/dist under a strict
// Content-Security-Policy (src/server/static_files.h): scripts only from the
// server itself, so nothing is inlined into index.html.
export default defineConfig({
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    chunkSizeWarningLimit: 2000,
  },
});
