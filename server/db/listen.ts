// LISTEN on a PostgreSQL channel over a dedicated connection that is re-established whenever the
// database restarts. While the connection is down notifications are lost, so onListening runs on
// every (re)connect: the caller resynchronises there (drop a cache, read what it missed).
import type pg from 'pg';
import { createClient } from './pool.ts';

export interface Listener {
  /** Resolves once the first LISTEN is in place (a change made after it is heard). */
  ready: Promise<void>;
  /** True while notifications are being heard. */
  listening(): boolean;
  close(): Promise<void>;
}

export interface ListenOptions {
  url: string;
  channel: string;
  applicationName: string;
  onNotify(payload: string): void;
  /** After each successful (re)connect, once LISTEN is in place. */
  onListening?(): void;
  log: { warn(o: object, m: string): void };
  retryMs?: number;
}

export function listen(opts: ListenOptions): Listener {
  let client: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const schedule = () => {
    client = null;
    if (!closed && !retry)
      retry = setTimeout(() => {
        retry = undefined;
        void connect();
      }, opts.retryMs ?? 1000);
  };
  const connect = async (): Promise<void> => {
    const c = createClient(opts.url, opts.applicationName);
    c.on('notification', (msg) => {
      if (msg.channel === opts.channel) opts.onNotify(msg.payload ?? '');
    });
    c.on('error', (err) => {
      opts.log.warn({ err }, `${opts.channel} listener lost its connection; reconnecting`);
      c.end().catch(() => {});
      schedule();
    });
    try {
      await c.connect();
      await c.query(`listen ${opts.channel}`);
      if (closed) {
        await c.end();
        return;
      }
      client = c;
      opts.onListening?.();
      markReady();
    } catch (err) {
      opts.log.warn({ err }, `${opts.channel} listener cannot connect; retrying`);
      c.end().catch(() => {});
      schedule();
    }
  };
  void connect();
  return {
    ready,
    listening: () => client !== null,
    async close() {
      closed = true;
      clearTimeout(retry);
      await client?.end().catch(() => {});
    },
  };
}
