// One error policy for every route: a user's mistake gets a 4xx whose message names what was wrong;
// the server's own failures get a generic 500 (details only in the log); a struggling database a 503.
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorBody } from './contracts/common.ts';

/** An error meant for the user: its message is sent as is. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
export const badRequest = (message: string) => new HttpError(400, message);
export const notFound = (message: string) => new HttpError(404, message);
export const conflict = (message: string) => new HttpError(409, message);

// --- validation errors (Ajv) ---------------------------------------------------------------------

interface AjvError {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
  /** the offending value (Ajv's `verbose` option) */
  data?: unknown;
  parentSchema?: { errorMessage?: string; properties?: Record<string, unknown> };
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  object: 'a JSON object',
  array: 'a list',
  null: 'null',
};

const FORMAT_WORDS: Record<string, string> = {
  'date-time': 'an ISO date-time such as 2025-06-01T08:30:00+08:00',
  date: 'an ISO date such as 2025-06-01',
};

/** How a user names a request part: "query parameter 'from'", "path parameter 'code'", "body field 'username'". */
export function nameOf(context: string, path: string): string {
  const name = path.replace(/^\//, '').replace(/\//g, '.');
  switch (context) {
    case 'querystring':
      return name ? `query parameter '${name}'` : 'the query string';
    case 'params':
      return name ? `path parameter '${name}'` : 'the path';
    case 'body':
      return name ? `body field '${name}'` : 'the body';
    case 'headers':
      return name ? `header '${name}'` : 'the headers';
    default:
      return name ? `'${name}'` : context;
  }
}

/** A query parameter as messages name it (for checks the routes make beyond the schema). */
export const queryParameter = (name: string) => nameOf('querystring', name);

/** ", got 'yesterday'": the value the user sent, when it is short enough to quote. */
function got(data: unknown): string {
  if (typeof data === 'string') return data.length <= 60 ? `, got '${data}'` : '';
  if (typeof data === 'number' || typeof data === 'boolean') return `, got ${String(data)}`;
  return '';
}

/** "query parameter 'from' must be an ISO date or date-time …, got 'yesterday'": where, what, and what came. */
export function describeValidationError(error: AjvError, context: string): string {
  const p = error.params;
  switch (error.keyword) {
    case 'required':
      return `${nameOf(context, `${error.instancePath}/${String(p.missingProperty)}`)} is required`;
    case 'additionalProperties': {
      const unknown = nameOf(context, `${error.instancePath}/${String(p.additionalProperty)}`);
      const known = Object.keys(error.parentSchema?.properties ?? {});
      const hint = known.length ? `; it takes ${known.join(', ')}` : '; it takes none';
      return `${unknown} is not known to this route${hint}`;
    }
  }
  const where = nameOf(context, error.instancePath);
  const value = got(error.data);
  if (error.parentSchema?.errorMessage) return `${where} ${error.parentSchema.errorMessage}${value}`;
  switch (error.keyword) {
    case 'type': {
      if (context === 'body' && error.instancePath === '')
        return 'the body must be a JSON object, sent with Content-Type: application/json';
      const types = String(p.type)
        .split(',')
        .map((t) => TYPE_WORDS[t] ?? t);
      return `${where} must be ${types.join(' or ')}${value}`;
    }
    case 'enum':
      return `${where} must be one of ${(p.allowedValues as unknown[]).join(', ')}${value}`;
    case 'const':
      return `${where} must be ${JSON.stringify(p.allowedValue)}${value}`;
    case 'format':
      return `${where} must be ${FORMAT_WORDS[String(p.format)] ?? `in ${String(p.format)} format`}${value}`;
    case 'minimum':
    case 'exclusiveMinimum':
      return `${where} must be ${p.comparison === '>' ? 'greater than' : 'at least'} ${String(p.limit)}${value}`;
    case 'maximum':
    case 'exclusiveMaximum':
      return `${where} must be ${p.comparison === '<' ? 'less than' : 'at most'} ${String(p.limit)}${value}`;
    case 'minLength':
      return Number(p.limit) === 1 ? `${where} must not be empty` : `${where} must be at least ${String(p.limit)} characters long${value}`;
    case 'maxLength':
      return `${where} must be at most ${String(p.limit)} characters long`;
    case 'pattern':
      return `${where} is not in the expected form${value}`;
    case 'minItems':
      return `${where} must have at least ${String(p.limit)} items`;
    case 'maxItems':
      return `${where} must have at most ${String(p.limit)} items`;
    default:
      return `${where} ${error.message ?? 'is not valid'}${value}`;
  }
}

// --- PostgreSQL errors ------------------------------------------------------------------------------

interface PgError extends Error {
  code?: string;
  detail?: string;
  hint?: string;
}

/** SQLSTATEs that a user's input can cause, and the status each one deserves. */
function statusForSqlState(code: string): number | undefined {
  if (code === 'XH422') return 422; // our trigger: a point outside the managed area
  if (code === '57014') return 503; // statement timeout
  if (code === '23505' || code === '23503') return 409; // unique / foreign key
  if (code === '23514' || code === '23502') return 422; // check / not null
  if (code.startsWith('22')) return 400; // data exceptions: invalid text, datetime, out of range …
  if (code.startsWith('08') || code === '53300' || code === '57P01' || code === '57P03') return 503; // connection, capacity
  return undefined;
}

function isPgError(err: unknown): boolean {
  return (
    err instanceof Error &&
    typeof (err as PgError).code === 'string' &&
    /^[0-9A-Z]{5}$/.test((err as PgError).code!) &&
    ('severity' in err || 'routine' in err)
  );
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE']);
function isDatabaseUnavailable(err: Error): boolean {
  const code = (err as { code?: unknown }).code;
  return (
    (typeof code === 'string' && CONNECTION_CODES.has(code)) ||
    /timeout exceeded when trying to connect|Connection terminated|connection error and is not queryable/i.test(err.message)
  );
}

function pgMessage(err: PgError & { code: string }, status: number): string {
  switch (status) {
    case 503:
      return err.code === '57014'
        ? 'the database took too long to answer; narrow the filter (a shorter time window or a smaller area) and try again'
        : 'the database is unavailable right now; try again shortly';
    case 409:
      return err.code === '23505'
        ? `already exists: ${err.detail ?? err.message}`
        : `refers to something that does not exist: ${err.detail ?? err.message}`;
    default:
      return err.message;
  }
}

// --- the handler --------------------------------------------------------------------------------------

function send(reply: FastifyReply, statusCode: number, message: string): void {
  const body: ErrorBody = { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message };
  void reply.status(statusCode).type('application/json; charset=utf-8').send(body);
}

/** Fastify's own client errors, reworded where its message does not tell a user what to do. */
function frameworkMessage(err: FastifyError, request: FastifyRequest): string {
  switch (err.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `this route accepts a JSON body (Content-Type: application/json), not ${request.headers['content-type'] ?? 'no content type'}`;
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'the body is not valid JSON';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'the body is empty but Content-Type says application/json: send a JSON object';
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return 'the body is too large';
    default:
      return err instanceof SyntaxError ? `the body is not valid JSON: ${err.message}` : err.message;
  }
}

/** What an error means for the user: its status, the message they read, and any headers. */
export interface ErrorAnswer {
  statusCode: number;
  message: string;
  headers: Record<string, string>;
}

export function answerFor(err: FastifyError, request: FastifyRequest): ErrorAnswer {
  const answer = (statusCode: number, message: string, headers: Record<string, string> = {}) => ({ statusCode, message, headers });
  if (err instanceof HttpError) return answer(err.statusCode, err.message, err.headers);
  if (err.validation) {
    const first = err.validation[0] as unknown as AjvError;
    return answer(400, describeValidationError(first, err.validationContext ?? 'request'));
  }
  if (isPgError(err)) {
    const pgErr = err as PgError & { code: string };
    const status = statusForSqlState(pgErr.code);
    if (status !== undefined) {
      if (status >= 500) request.log.warn({ err }, 'database unavailable or too slow');
      return answer(status, pgMessage(pgErr, status));
    }
  } else if (isDatabaseUnavailable(err)) {
    request.log.warn({ err }, 'database unreachable');
    return answer(503, 'the database is unavailable right now; try again shortly');
  } else if (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500) {
    return answer(err.statusCode, frameworkMessage(err, request));
  }
  request.log.error({ err }, 'unexpected error');
  return answer(500, 'something went wrong on the server; the error has been logged');
}

export function errorHandler(this: FastifyInstance, err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const { statusCode, message, headers } = answerFor(err, request);
  for (const [name, value] of Object.entries(headers)) reply.header(name, value);
  send(reply, statusCode, message);
}

/**
 * Errors Fastify raises before routing (Fastify's `frameworkErrors` option): a malformed URL is the
 * client's mistake and gets our error body like any other.
 */
export function frameworkErrors(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_BAD_URL') {
    send(reply, 400, `the URL path is not valid: ${request.url.split('?')[0]} has a malformed %-escape or is not UTF-8`);
    return;
  }
  const status = typeof err.statusCode === 'number' && err.statusCode >= 400 ? err.statusCode : 500;
  if (status >= 500) request.log.error({ err }, 'unexpected error before routing');
  send(reply, status, status >= 500 ? 'something went wrong on the server; the error has been logged' : err.message);
}

/** 404 for anything no route serves; the web plugin adds the single-page-app fallback in front of it. */
export function notFoundMessage(request: FastifyRequest): string {
  return `no route ${request.method} ${request.url.split('?')[0]}`;
}
