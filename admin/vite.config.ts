/**
 * Builds the admin console (`admin/index.html` + `src/`) into `admin/dist/`: `index.html` and
 * content-hashed `assets/`, served by core at `/admin` (core/admin-console).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export const adminViteConfig = defineConfig({
  root,
  base: '/admin/',
  publicDir: false,
  logLevel: 'warn',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // The preload polyfill is an inline-free module, but the console needs none: one entry chunk.
    modulePreload: false,
    assetsDir: 'assets',
  },
});

// Vite reads its config file's default export.
// eslint-disable-next-line no-restricted-syntax
export default adminViteConfig;
