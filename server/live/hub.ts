// Fans the outbox out to this process's stream clients. Every process reads the same table in id
// order, woken by NOTIFY xiuhua_live (and by a slow poll, in case the listener is down), so N
// processes deliver the same events in the same order and no process memory is shared.
import type pg from 'pg';
import { type Listener, listen } from '../db/listen.ts';
import { createPool } from '../db/pool.ts';
import { forVisitors } from './events.ts';
import { LIVE_CHANNEL } from './outbox.ts';

/** One outbox row as the stream sends it. */
export interface StoredEvent {
  id: number;
  at: string;
  kind: string;
  payload: unknown;
}

/** An event with its Server-Sent Events frame, serialised once for every client of the process. */
export interface FramedEvent extends StoredEvent {
  frame: string;
}

/**
 * One read of the outbox, framed once for every client of the process. Most clients are level with the
 * hub and ask for the same kinds, so the bytes they are sent are made once per read and kind filter and
 * handed to every socket as the same Buffer: no per-client string building or UTF-8 encoding (at 200
 * clients that was 200 copies of every read).
 */
export class Batch {
  readonly events: readonly FramedEvent[];
  private readonly shared = new Map<string, Buffer>();
  /** The frames as visitors get them (people's refs and positions left out), made on the first visitor's read. */
  private visitorFrames: readonly string[] | null = null;

  constructor(events: readonly StoredEvent[]) {
    this.events = events.map((e) => ({ ...e, frame: frameOf(e) }));
  }

  /** The highest id in the batch (0 when empty). */
  get lastId(): number {
    return this.events.at(-1)?.id ?? 0;
  }

  /**
   * The frames of the events after `cursor` whose kind is in `kinds` (all kinds when null), as bytes.
   * `kindsKey` names the filter: clients with the same key and a cursor below the batch share one Buffer.
   */
  bytesAfter(cursor: number, kinds: ReadonlySet<string> | null, kindsKey: string, visitor = false): Buffer {
    const whole = cursor < (this.events[0]?.id ?? 0);
    const key = visitor ? `visitor:${kindsKey}` : kindsKey;
    const cached = whole ? this.shared.get(key) : undefined;
    if (cached) return cached;
    if (visitor && !this.visitorFrames) this.visitorFrames = this.events.map(({ frame: _, ...e }) => frameOf(forVisitors(e)));
    const frames = visitor ? this.visitorFrames : null;
    let text = '';
    this.events.forEach((e, i) => {
      if (e.id > cursor && (!kinds || kinds.has(e.kind))) text += frames ? frames[i] : e.frame;
    });
    const bytes = Buffer.from(text);
    if (whole) this.shared.set(key, bytes);
    return bytes;
  }
}

const frameOf = (e: StoredEvent) => `id: ${e.id}\ndata: ${JSON.stringify(e)}\n\n`;

export interface Subscriber {
  /** Receives events in id order, each exactly once. */
  deliver(batch: Batch): void;
}

const PAGE = 1000;
const POLL_MS = 1000;

export class LiveHub {
  private lastId = 0;
  private readonly subscribers = new Set<Subscriber>();
  private pumping: Promise<void> | null = null;
  private again = false;
  private listener: Listener | null = null;
  private poll: NodeJS.Timeout | undefined;
  private started: Promise<void> | null = null;
  private initialised = false;
  /**
   * The outbox is read over a connection of its own: through the app's pool the read queued behind the
   * very requests whose events it carries, so when intake backed up (every connection busy with a batch)
   * the wall heard of commits seconds late.
   */
  private reader: pg.Pool | null = null;

  constructor(
    private readonly db: pg.Pool,
    private readonly log: { warn(o: object, m: string): void },
  ) {}

  /** Starts listening; resolves once events committed from now on will be delivered. */
  start(url: string): Promise<void> {
    if (!this.listener) {
      this.reader = createPool(url, 1, 'xiuhua-live-read');
      this.reader.on('error', (err) => this.log.warn({ err }, 'live reader lost its connection'));
      this.listener = listen({
        url,
        channel: LIVE_CHANNEL,
        applicationName: 'xiuhua-live-listen',
        log: this.log,
        onNotify: () => this.wake(),
        onListening: () => this.wake(), // read whatever was committed while we were not listening
      });
      this.poll = setInterval(() => {
        if (!this.listener?.listening()) this.wake();
      }, POLL_MS);
      this.poll.unref();
    }
    const listener = this.listener;
    this.started ??= (async () => {
      // Begin after what exists now: history is served by replay(), not broadcast.
      this.lastId = await this.latestId();
      this.initialised = true;
      await listener.ready;
    })().catch((err: unknown) => {
      this.started = null; // the database is away: the next stream request tries again
      throw err;
    });
    return this.started;
  }

  async latestId(): Promise<number> {
    const { rows } = await this.db.query<{ id: number }>('select coalesce(max(id), 0)::bigint as id from live_event');
    return rows[0]!.id;
  }

  /** The highest id this process has broadcast: a new subscriber's replay ends here. */
  get broadcastUpTo(): number {
    return this.lastId;
  }

  subscribe(s: Subscriber): () => void {
    this.subscribers.add(s);
    return () => this.subscribers.delete(s);
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }

  /** Events after `afterId` up to `upTo` (inclusive), oldest first, from the table. */
  async replay(afterId: number, upTo: number): Promise<Batch> {
    const { rows } = await this.db.query<StoredEvent>(
      `select id, to_json(at)#>>'{}' as at, kind, payload from live_event where id > $1 and id <= $2 order by id`,
      [afterId, upTo],
    );
    return new Batch(rows);
  }

  /** The oldest id still kept (older events have been pruned), or null when the table is empty. */
  async oldestId(): Promise<number | null> {
    const { rows } = await this.db.query<{ id: number | null }>('select min(id)::bigint as id from live_event');
    return rows[0]!.id;
  }

  wake(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  private async pump(): Promise<void> {
    if (!this.initialised) return;
    try {
      for (;;) {
        const { rows } = await (this.reader ?? this.db).query<StoredEvent>(
          `select id, to_json(at)#>>'{}' as at, kind, payload from live_event where id > $1 order by id limit ${PAGE}`,
          [this.lastId],
        );
        if (rows.length === 0) return;
        this.lastId = rows[rows.length - 1]!.id;
        const batch = new Batch(rows);
        for (const s of this.subscribers) s.deliver(batch);
        if (rows.length < PAGE) return;
      }
    } catch (err) {
      // The database is away: the next notification or poll tries again from the same id.
      this.log.warn({ err }, 'live events could not be read; will retry');
    }
  }

  async close(): Promise<void> {
    clearInterval(this.poll);
    await this.listener?.close();
    await this.pumping;
    await this.reader?.end();
  }
}
