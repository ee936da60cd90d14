// A Server-Sent Events client for tests and benchmarks: reads GET /api/live over real HTTP, as a
// browser's EventSource would, and keeps what arrived.
import { createParser } from 'eventsource-parser';

export interface LiveMessage {
  id: number;
  at: string;
  kind: string;
  payload: Record<string, unknown>;
}

export interface StreamClient {
  messages: LiveMessage[];
  /** `event: reset` messages received. */
  resets: unknown[];
  /** Resolves when the response headers arrived (the stream is open). */
  opened: Promise<Response>;
  /** Called for each message as it arrives. */
  onMessage?: (m: LiveMessage) => void;
  close(): void;
}

export function openStream(
  baseUrl: string,
  token: string,
  opts: { since?: number; lastEventId?: number; kinds?: string } = {},
): StreamClient {
  const url = new URL('/api/live', baseUrl);
  if (opts.since !== undefined) url.searchParams.set('since', String(opts.since));
  if (opts.kinds) url.searchParams.set('kinds', opts.kinds);
  const abort = new AbortController();
  const client: StreamClient = {
    messages: [],
    resets: [],
    opened: undefined as unknown as Promise<Response>,
    close: () => abort.abort(),
  };
  const parser = createParser({
    onEvent(e) {
      if (e.event === 'reset') {
        client.resets.push(JSON.parse(e.data));
        return;
      }
      const m = JSON.parse(e.data) as LiveMessage;
      client.messages.push(m);
      client.onMessage?.(m);
    },
  });
  const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'text/event-stream' };
  if (opts.lastEventId !== undefined) headers['last-event-id'] = String(opts.lastEventId);
  client.opened = fetch(url, { headers, signal: abort.signal }).then((res) => {
    if (!res.ok || !res.body) return res;
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          parser.feed(value);
        }
      } catch {
        // aborted by close(), or the server ended the stream
      }
    })();
    return res;
  });
  return client;
}
