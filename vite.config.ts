// Vite builds the web app from web/ into dist/web; Vitest runs every test suite of the project.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 3000,
  },
  server: {
    // `vite` dev server proxies the API to a running `npm start`
    proxy: { '/api': 'http://127.0.0.1:8080', '/tiles': 'http://127.0.0.1:8080', '/styles': 'http://127.0.0.1:8080' },
  },
  test: {
    root: '.',
    include: ['{server,tiles,seed,web,bench,e2e}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
