// GET /api/replay: one window of the city's past as Arrow IPC (server/contracts/replay.ts). Everyone signed
// in may read it, visitors too: it carries positions, stages and readings, nothing personal. Clients fetch
// ahead of the replay clock in chunks (an hour or a day each); a window that ended over an hour ago no
// longer changes, so it is sent immutable with an ETag, and asked again it is a 304 without a query.
import { createHash } from 'node:crypto';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type pg from 'pg';
import { Type } from 'typebox';
import { EVERYONE } from '../auth/roles.ts';
import { ErrorBody } from '../contracts/common.ts';
import { instantOf } from '../contracts/formats.ts';
import {
  REPLAY_COLUMNS,
  REPLAY_CONTENT_TYPE,
  REPLAY_GROUPS,
  REPLAY_MAX_DAYS,
  REPLAY_SETTLED_MS,
  ReplayActivity,
  ReplayActivityQuery,
  type ReplayGroup,
  ReplayQuery,
} from '../contracts/replay.ts';
import { DAY } from '../domain/beijing.ts';
import { badRequest, notFound, queryParameter } from '../errors.ts';
import { ReplayMoments, replayMoments } from './moments.ts';
import { replay, replayActivity } from './queries.ts';

/** Bumped when the layout changes, so no cached answer of an older layout is taken for a newer one. */
const LAYOUT = 1;

const describeColumns = Object.entries(REPLAY_COLUMNS)
  .map(
    ([table, cols]) =>
      `**${table}**: ${Object.entries(cols)
        .map(([c, d]) => `\`${c}\` ${d}`)
        .join('; ')}`,
  )
  .join('\n\n');

/** A replay window as asked (from, to), checked: to after from, at most REPLAY_MAX_DAYS, within the recorded
 *  history and not in the future; a 400 naming the parameter otherwise. */
async function windowOf(db: pg.Pool, q: { from: string; to: string }): Promise<{ from: Date; to: Date; first: Date }> {
  const from = instantOf(q.from);
  const to = instantOf(q.to, true);
  const now = Date.now();
  if (from.getTime() >= to.getTime())
    throw badRequest(`${queryParameter('to')} must be after 'from' (${from.toISOString()}), got '${q.to}'`);
  if (to.getTime() - from.getTime() > REPLAY_MAX_DAYS * DAY)
    throw badRequest(`${queryParameter('to')} must be at most ${REPLAY_MAX_DAYS} days after 'from': fetch a longer replay in chunks`);
  const {
    rows: [bounds],
  } = await db.query<{ first: Date | null }>('select min(reported_at) as first from cases');
  const first = bounds?.first;
  if (!first || from.getTime() < first.getTime() - DAY)
    throw badRequest(
      `${queryParameter('from')} is before the recorded history${first ? `, which begins ${first.toISOString()}` : ' (there is none)'}, got '${q.from}'`,
    );
  if (from.getTime() > now) throw badRequest(`${queryParameter('from')} is in the future, got '${q.from}'`);
  if (to.getTime() > now + 60_000)
    throw badRequest(
      `${queryParameter('to')} is in the future: the replay shows only the past (clamp the last chunk to now), got '${q.to}'`,
    );
  return { from, to, first };
}

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/replay/moments',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['replay'],
        summary:
          'The recorded history’s bounds and its named moments (the worst storm, the biggest Shichahai crowd, a normal Monday morning)',
        response: { 200: ReplayMoments, 403: ErrorBody, 404: ErrorBody },
      },
    },
    async (_request, reply) => {
      const answer = await replayMoments(app.db);
      if (!answer) throw notFound('there is no recorded history to replay');
      return reply.header('cache-control', 'private, no-cache').send(answer);
    },
  );

  app.get(
    '/api/replay/activity',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['replay'],
        summary: 'A replay window at a glance: cases reported per hour and the incidents opened in it (the timeline strip)',
        querystring: ReplayActivityQuery,
        response: { 200: ReplayActivity, 400: ErrorBody, 403: ErrorBody },
      },
    },
    async (request, reply) => {
      const { from, to } = await windowOf(app.db, request.query);
      // small and quick (one index range per hour): asked again each time rather than cached across a re-seed
      reply.header('cache-control', 'private, no-cache');
      return replayActivity(app.db, from, to);
    },
  );

  app.get(
    '/api/replay',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['replay'],
        summary: `A window of the past (≤ ${REPLAY_MAX_DAYS} days) as Apache Arrow IPC: cases open at \`from\`, case events, sensor readings, crowd counts, incidents`,
        description: `The body is one Arrow IPC stream per table, one after another (schema metadata \`name\`). Times are ms since \`from\` (Float64). Windows that ended over an hour ago are immutable (ETag, Cache-Control).\n\n${describeColumns}`,
        querystring: ReplayQuery,
        response: {
          200: Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: `${REPLAY_CONTENT_TYPE}: the tables below` }),
          304: Type.Null({ description: 'not modified (If-None-Match)' }),
          400: ErrorBody,
          403: ErrorBody,
        },
      },
    },
    async (request, reply) => {
      const q = request.query;
      const { from, to, first } = await windowOf(app.db, q);
      const now = Date.now();

      const groups: ReplayGroup[] = q.tables ? REPLAY_GROUPS.filter((g) => q.tables!.split(',').includes(g)) : [...REPLAY_GROUPS];
      const settled = to.getTime() <= now - REPLAY_SETTLED_MS;
      // a settled window's answer depends only on the request and the recorded history (its first case: a
      // re-seed with another seed changes it)
      const key = `"replay-${LAYOUT}-${first.getTime()}-${from.getTime()}-${to.getTime()}-${groups.join('.')}"`;
      reply.header('vary', 'authorization');
      if (settled) {
        reply.header('cache-control', 'private, max-age=31536000, immutable').header('etag', key);
        if (request.headers['if-none-match'] === key) return reply.code(304).send(null);
      }
      const { body, events } = await replay(app.db, { from, to, groups });
      if (!settled) {
        const etag = `"replay-${LAYOUT}-${createHash('sha1').update(body).digest('base64url')}"`;
        reply.header('cache-control', 'private, no-cache').header('etag', etag);
        if (request.headers['if-none-match'] === etag) return reply.code(304).send(null);
      }
      return reply.type(REPLAY_CONTENT_TYPE).header('x-replay-events', String(events)).send(body);
    },
  );
};

export default routes;
