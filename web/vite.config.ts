import { defineConfig } from "vite";
import preact from "@preact/preset-vite";

// `npm run dev` serves the UI with hot reload and sends API and WebSocket calls to a Switchboard
// running on 127.0.0.1:8080 (`make run`). `npm run build` writes dist/, which `go build -tags ui`
// embeds in the binary.
export default defineConfig({
  plugins: [preact()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, target: "es2022" },
  server: {
    proxy: {
      "/api": { target: "http://127.0.0.1:8080", ws: true },
    },
  },
});
