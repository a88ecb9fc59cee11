import { fileURLToPath } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'electron-vite'

const r = (p: string) => fileURLToPath(new URL(p, import.meta.url))

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // keytar is a native module and electron-store/conf are ESM packages with their own deps: keep them in
      // node_modules (electron-builder ships them) rather than bundling.
      externalizeDeps: true,
      rollupOptions: { input: { index: r('./electron/main/index.ts') } },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // Sandboxed renderers can only `require('electron')`: each preload must be one self-contained CommonJS file.
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: {
        input: { app: r('./electron/preload/app.ts'), widget: r('./electron/preload/widget.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: r('./renderer'),
    resolve: { alias: { '@': r('./renderer/src'), '@shared': r('./shared') } },
    plugins: [vue()],
    build: {
      outDir: r('./out/renderer'),
      // The CSP has no data: for fonts/scripts; keep assets as files.
      assetsInlineLimit: 0,
      rollupOptions: { input: { index: r('./renderer/index.html') } },
    },
  },
})
