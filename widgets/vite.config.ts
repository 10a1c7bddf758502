/**
 * Builds `widgets/src/index.ts` into `widgets/dist/`: the entry under a stable name
 * (`stratum-widgets.js`, served at `/widgets/v1/`), lazily loaded parts as content-hashed
 * `chunks/`, and `public/` (the classic-script loader) copied as is.
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export const widgetsViteConfig = defineConfig({
  root,
  publicDir: 'public',
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    modulePreload: false,
    rollupOptions: {
      input: { 'stratum-widgets': fileURLToPath(new URL('src/index.ts', import.meta.url)) },
      preserveEntrySignatures: 'exports-only',
      output: {
        format: 'es',
        entryFileNames: '[name].js',
        chunkFileNames: 'chunks/[name]-[hash].js',
      },
    },
  },
});

// Vite reads its config file's default export.
// eslint-disable-next-line no-restricted-syntax
export default widgetsViteConfig;
