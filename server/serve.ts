// Starts the server on config.host:config.port (port 0 picks a free one, for tests) and says where.

import { type App, type BuildOptions, buildApp } from './app.ts';
import type { Config } from './config.ts';

export interface RunningServer {
  app: App;
  /** e.g. http://127.0.0.1:8080 — a wildcard listen address is given as 127.0.0.1 */
  url: string;
  close(): Promise<void>;
}

export async function startServer(config: Config, opts: Omit<BuildOptions, 'config'> = {}): Promise<RunningServer> {
  const app = await buildApp({ config, ...opts });
  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (err) {
    await app.close();
    throw err;
  }
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error(`unexpected listen address ${String(address)}`);
  const host = ['0.0.0.0', '::', ''].includes(config.host)
    ? '127.0.0.1'
    : address.family === 'IPv6'
      ? `[${address.address}]`
      : address.address;
  return { app, url: `http://${host}:${address.port}`, close: () => app.close() };
}
