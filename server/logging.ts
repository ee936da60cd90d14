// How the server logs. A person at a terminal gets short readable lines (pino's pretty transport when
// stdout is a TTY), a log collector gets one JSON object per line; and each request is one line at
// debug, so the default level (info) tells what happens to the server, not every request the cockpit
// and the simulator make (several a second).
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';

export const LOG_FORMATS = ['pretty', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Readable lines on a terminal, JSON when stdout goes to a file, a pipe or a collector. */
export function defaultLogFormat(isTTY = Boolean(process.stdout.isTTY)): LogFormat {
  return isTTY ? 'pretty' : 'json';
}

/** Logs never carry a token: EventSource clients put theirs in the query string. */
export function redactUrl(url: string): string {
  return url.replace(/([?&]access_token=)[^&]*/g, '$1[redacted]');
}

/** pino's options for a level and a format; `silent` starts no transport (tests, benchmarks). */
export function loggerOptions(level: string, format: LogFormat, colorize = Boolean(process.stdout.isTTY)) {
  return {
    level,
    serializers: {
      req: (req: { method: string; url: string; ip?: string }) => ({ method: req.method, url: redactUrl(req.url), remoteAddress: req.ip }),
    },
    ...(format === 'pretty' && level !== 'silent'
      ? {
          transport: {
            target: 'pino-pretty',
            options: { colorize, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname,reqId,req,res,responseTime' },
          },
        }
      : {}),
  };
}

/**
 * Fastify's own request lines, one per request at debug: "GET /api/cases?stage=filed 200 12 ms".
 * Failed requests stay at error, and what the error handler logs (server/errors.ts) is unchanged.
 */
export class RequestLog extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) {
      reply.log.error({ res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
      return;
    }
    const ms = Math.round(reply.elapsedTime);
    reply.log.debug(
      { req: request, res: reply, responseTime: reply.elapsedTime },
      `${request.method} ${redactUrl(request.url)} ${reply.statusCode} ${ms} ms`,
    );
  }

  override routeNotFound(request: FastifyRequest): void {
    request.log.debug(`no route for ${request.method} ${redactUrl(request.url)}`);
  }
}
