// Vite builds the web app from web/ into dist/web; Vitest runs every test suite of the project.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// `npx vite` proxies everything the server answers to a running `npm start` (XIUHUA_DEV_API to change it)
const api = process.env.XIUHUA_DEV_API ?? 'http://127.0.0.1:8080';

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
    proxy: Object.fromEntries(['/api', '/tiles', '/styles', '/health', '/docs'].map((p) => [p, api])),
  },
  test: {
    root: '.',
    include: ['{server,tiles,seed,web,bench,e2e,cli,sim,test}/**/*.test.{ts,tsx}'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    reporters: ['default'],
  },
});
