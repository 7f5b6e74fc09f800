import { defineConfig } from "vite";

// The web chat's two scripts, each one self-contained file in dist/widget/: the loader
// (served at /widget.js: draws the launcher, keeps the visitor's token in the site's own
// storage) and the widget it loads on first open or when the page is idle. `npm run build`
// builds both after the agent interface (WIDGET=loader, then WIDGET=widget).
// eslint-disable-next-line
const entry = (globalThis as any).process.env.WIDGET === "widget" ? "widget" : "loader";
export default defineConfig({
  build: {
    outDir: "dist/widget",
    emptyOutDir: false,
    sourcemap: false,
    target: "es2020",
    minify: true,
    lib: { entry: `widget/${entry}.ts`, name: `sb_${entry}`, formats: ["iife"], fileName: () => `${entry}.js` },
  },
});
