// The operations console: built into web/dist, which rcm-core serves at /.
// `npm run dev:web` serves it with hot reload and proxies the API to a running `npm start`.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const api = process.env.RCM_API_URL ?? 'http://127.0.0.1:3002';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    rolldownOptions: {
      // Mantine marks its modules "use client" for React Server Components; meaningless in this SPA.
      onLog(level, log, handler) {
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
    },
  },
  server: {
    port: Number(process.env.WEB_DEV_PORT ?? 5173),
    proxy: { '/graphql': api, '/artifacts': api, '/remittances': api, '/trading-partners': api, '/dev/demo-token': api, '/healthz': api },
  },
});
