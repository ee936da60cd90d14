// GET /api/live: the live stream as Server-Sent Events. A client that reconnects sends the last id it
// received (Last-Event-ID, which EventSource does by itself, or ?since=) and is replayed from the
// outbox first, so it misses nothing; then it gets events as they are committed, in id order.

import type { ServerResponse } from 'node:http';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import fp from 'fastify-plugin';
import { Type } from 'typebox';
import { viewerOf } from '../auth/plugin.ts';
import { EVERYONE, seesStaffPositions } from '../auth/roles.ts';
import { ErrorBody } from '../contracts/common.ts';
import type { LiveEventKind } from './events.ts';
import { type Batch, LiveHub } from './hub.ts';

const KINDS = [
  'case.created',
  'case.stage',
  'alarm.raised',
  'alarm.cleared',
  'crowd.count',
  'crowd.alarm.raised',
  'crowd.alarm.cleared',
  'kpi.changed',
  'incident.opened',
  'incident.closed',
  'instruction.sent',
  'instruction.status',
] as const satisfies readonly LiveEventKind[];

const LiveQuery = Type.Object(
  {
    since: Type.Optional(Type.Integer({ minimum: 0, description: 'replay events after this id (what Last-Event-ID carries)' })),
    kinds: Type.Optional(
      Type.String({
        pattern: `^(${KINDS.join('|').replaceAll('.', '\\.')})(,(${KINDS.join('|').replaceAll('.', '\\.')}))*$`,
        description: `only these kinds, comma-separated: ${KINDS.join(', ')}`,
        errorMessage: `must be one or more of ${KINDS.join(', ')}, separated by commas`,
      }),
    ),
  },
  { additionalProperties: false },
);

const LiveHeaders = Type.Object({
  'last-event-id': Type.Optional(Type.String({ pattern: '^[0-9]{1,18}$', errorMessage: 'must be the id of an event this stream sent' })),
});

const HEARTBEAT_MS = 15_000;
/** A client this far behind is cut off; it reconnects with Last-Event-ID and is replayed from the table. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
const RETENTION = '3 days';
const PRUNE_MS = 10 * 60_000;

declare module 'fastify' {
  interface FastifyInstance {
    live: LiveHub;
  }
}

/** One client's stream: events in id order, never one at or below `cursor` (no duplicates). */
class Stream {
  private cursor: number;
  private buffered: Batch[] | null = [];
  private readonly kindsKey: string;

  constructor(
    private readonly res: ServerResponse,
    private readonly kinds: Set<string> | null,
    start: number,
    /** a visitor (demo role): people's refs and positions are left out of the events */
    private readonly visitor: boolean,
  ) {
    this.cursor = start;
    this.kindsKey = kinds ? [...kinds].sort().join(',') : '';
  }

  deliver(batch: Batch): void {
    if (this.buffered) {
      this.buffered.push(batch);
      return;
    }
    if (batch.lastId <= this.cursor) return;
    const bytes = batch.bytesAfter(this.cursor, this.kinds, this.kindsKey, this.visitor);
    this.cursor = batch.lastId;
    // One write per client per outbox read, whatever the number of events in it.
    if (bytes.length) this.write(bytes);
  }

  /** Ends the replay: from now on events go straight out (after the ones that arrived meanwhile). */
  goLive(replayed: Batch | null, upTo: number): void {
    const waiting = this.buffered ?? [];
    this.buffered = null;
    if (replayed) this.deliver(replayed);
    this.cursor = Math.max(this.cursor, upTo);
    for (const batch of waiting) this.deliver(batch);
  }

  write(chunk: string | Buffer): void {
    if (this.res.writableEnded || this.res.destroyed) return;
    this.res.write(chunk);
    if (this.res.writableLength > MAX_BUFFERED_BYTES) this.res.end();
  }
}

const routes: FastifyPluginAsyncTypebox<{ databaseUrl: string }> = async (app, opts) => {
  const hub = new LiveHub(app.db, app.log);
  app.decorate('live', hub);
  // Not awaited: the server starts (and /health answers) even while the database is down.
  void hub.start(opts.databaseUrl).catch((err: unknown) => app.log.warn({ err }, 'live stream could not start'));
  const open = new Set<ServerResponse>();
  const prune = setInterval(() => {
    app.db
      .query(`delete from live_event where at < now() - interval '${RETENTION}'`)
      .catch((err: unknown) => app.log.warn({ err }, 'live events could not be pruned'));
  }, PRUNE_MS);
  prune.unref();
  app.addHook('onClose', async () => {
    clearInterval(prune);
    for (const res of open) res.end();
    await hub.close();
  });

  app.get(
    '/api/live',
    {
      config: { roles: EVERYONE, accessTokenQuery: true },
      schema: {
        tags: ['live'],
        summary: 'Live events (Server-Sent Events): cases created and moved, alarms, crowd counts, KPI changes',
        description:
          'Each message is `id: <n>` and `data: {"id","at","kind","payload"}`. Reconnect with Last-Event-ID ' +
          `(or ?since=) to be replayed what you missed (events are kept ${RETENTION}); an \`event: reset\` message means ` +
          'the gap is too old to replay: refetch what you show.',
        querystring: LiveQuery,
        headers: LiveHeaders,
        response: { 400: ErrorBody },
      },
    },
    async (request, reply) => {
      await hub.start(opts.databaseUrl);
      const header = request.headers['last-event-id'];
      const since = header !== undefined ? Number(header) : request.query.since;
      const kinds = request.query.kinds ? new Set(request.query.kinds.split(',')) : null;

      reply.hijack(); // a stream: no compression, no serialisation
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no', // tell nginx-style proxies not to buffer
      });
      open.add(res);

      const upTo = hub.broadcastUpTo;
      const stream = new Stream(res, kinds, since ?? upTo, !seesStaffPositions(viewerOf(request).role));
      const unsubscribe = hub.subscribe(stream); // same tick as reading upTo: later batches are all above it
      const heartbeat = setInterval(() => stream.write(': ping\n\n'), HEARTBEAT_MS);
      res.on('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
        open.delete(res);
      });
      stream.write('retry: 1000\n\n');

      let replayed: Batch | null = null;
      if (since !== undefined && since < upTo) {
        const oldest = await hub.oldestId();
        if (oldest !== null && since < oldest - 1) {
          stream.write(`event: reset\ndata: ${JSON.stringify({ reason: 'events after your last id were pruned', oldest })}\n\n`);
        } else {
          replayed = await hub.replay(since, upTo);
        }
      } else if (since !== undefined && since > upTo && since > (await hub.latestId())) {
        // An id this database never issued (it was re-seeded): the client's picture is stale.
        stream.write(`event: reset\ndata: ${JSON.stringify({ reason: 'unknown event id', latest: upTo })}\n\n`);
      }
      stream.goLive(replayed, upTo);
    },
  );
};

// fastify-plugin: app.live (the hub) is visible to the whole app, e.g. tests and health checks.
export default fp(routes, { name: 'xiuhua-live', dependencies: ['xiuhua-database', 'xiuhua-auth'] });
