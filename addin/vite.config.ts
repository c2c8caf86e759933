import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'
import { DEFAULT_BASE_URL, manifestXml } from './manifest/manifest-xml.ts'

const root = fileURLToPath(new URL('.', import.meta.url))

/** Emits `manifest.xml` beside the pane for the base URL the build is for (TIEOUT_ADDIN_BASE_URL). */
function manifest(): Plugin {
  return {
    name: 'tieout-manifest',
    generateBundle() {
      const baseUrl = process.env.TIEOUT_ADDIN_BASE_URL ?? DEFAULT_BASE_URL
      this.emitFile({ type: 'asset', fileName: 'manifest.xml', source: manifestXml({ baseUrl }) })
    },
  }
}

/** The task pane, served by the Tieout server at /addin/ (same origin as the API). */
export default defineConfig({
  root,
  base: '/addin/',
  plugins: [react(), manifest()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 2_000,
    rollupOptions: { input: { index: `${root}index.html`, commands: `${root}commands.html` } },
  },
  server: {
    port: 3000,
    // Office loads task panes over HTTPS only: reuse the server's certificate when one is configured.
    https:
      process.env.TIEOUT_TLS_CERT && process.env.TIEOUT_TLS_KEY
        ? { cert: readFileSync(process.env.TIEOUT_TLS_CERT), key: readFileSync(process.env.TIEOUT_TLS_KEY) }
        : undefined,
    // Dev: the API stays same-origin through the proxy (the pane needs HTTPS inside Office; see README).
    proxy: { '/api': process.env.TIEOUT_API_URL ?? 'http://127.0.0.1:8750' },
  },
})
