// Roles on every route: a route that declares none is refused at registration; each request is
// authenticated (Bearer token, or ?access_token= where a route opts in) and its role checked.

import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { TokenAnswer } from '../contracts/auth.ts';
import { ROLES, type Role } from '../contracts/common.ts';
import { HttpError } from '../errors.ts';
import { tokenSecret } from './queries.ts';
import { signToken, type TokenPayload, verifyToken } from './tokens.ts';

/** A signed-in user as the routes see them. */
export interface Viewer {
  accountId: number;
  username: string;
  role: Role;
  displayName: string;
  expiresAt: Date;
}

/** A route and the roles it serves, as registered (every route is here; see checkRoles). */
export interface DeclaredRoute {
  method: string;
  url: string;
  roles: readonly Role[] | 'public';
}

export interface AuthService {
  /** Signs a token for an account (or a demo visitor). */
  issue(account: { id: number; username: string; role: Role; displayName: string }): Promise<TokenAnswer>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call this route: a list of roles, or 'public'. Required on every route. */
    roles?: readonly Role[] | 'public';
    /** Also accept the token as ?access_token= (EventSource cannot send headers). */
    accessTokenQuery?: boolean;
    /**
     * Also accept the token in this query or body field (Open311's `api_key`). The check then runs
     * once the body is parsed, still before validation and the handler.
     */
    apiKeyField?: string;
  }
  interface FastifyRequest {
    viewer: Viewer | null;
  }
  interface FastifyInstance {
    auth: AuthService;
    /** Set on a scope whose routes are public by construction (docs UI, static files): the reason. */
    publicScope?: string;
    /** Every route with the roles it serves, for audits and tests. */
    declaredRoutes: readonly DeclaredRoute[];
  }
}

const TOKEN_TTL_SECONDS = 12 * 3600; // one working day on the wall; then sign in again

export interface AuthOptions {
  /** Fixed secret (tests on a read-only database); otherwise shared through app_setting. */
  secret?: Buffer;
}

/** Registers `fn`'s routes as public (third-party routes that cannot declare roles themselves). */
export function publicScope(reason: string, fn: (scope: FastifyInstance) => Promise<void>) {
  return async (scope: FastifyInstance) => {
    scope.decorate('publicScope', reason);
    await fn(scope);
  };
}

function checkRoles(this: FastifyInstance, route: RouteOptions): void {
  route.config ??= {};
  const config = route.config;
  const roles = config.roles;
  if (roles === undefined) {
    if (!this.publicScope) {
      throw new Error(`route ${String(route.method)} ${route.url} declares no roles: set config.roles to a list of roles or 'public'`);
    }
    config.roles = 'public';
    return;
  }
  if (roles !== 'public') {
    if (roles.length === 0 || roles.some((r) => !(ROLES as readonly string[]).includes(r))) {
      throw new Error(
        `route ${String(route.method)} ${route.url} declares roles ${JSON.stringify(roles)}: use roles from ${ROLES.join(', ')}`,
      );
    }
    // OpenAPI: the lock icon and the roles in the description, from the same declaration.
    route.schema ??= {};
    const schema = route.schema as Record<string, unknown>;
    schema.security = [{ bearer: [] }];
    schema.description = [schema.description, `Roles: ${roles.join(', ')}.`].filter(Boolean).join('\n\n');
  }
  if (config.accessTokenQuery) {
    route.schema ??= {};
    const schema = route.schema as { querystring?: { properties?: Record<string, unknown> } };
    const query = schema.querystring ?? { type: 'object', properties: {}, additionalProperties: false };
    schema.querystring = {
      ...query,
      properties: { ...query.properties, access_token: { type: 'string', description: 'the token, for clients that cannot send headers' } },
    };
  }
}

function bearer(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!m) throw new HttpError(401, 'the Authorization header must be "Bearer <token>"', { 'www-authenticate': 'Bearer' });
    return m[1];
  }
  const config = request.routeOptions.config;
  const fromQuery = config.accessTokenQuery ? 'access_token' : config.apiKeyField;
  if (fromQuery) {
    const q = (request.query as Record<string, unknown> | undefined)?.[fromQuery];
    if (typeof q === 'string' && q) return q;
  }
  if (config.apiKeyField) {
    const b = (request.body as Record<string, unknown> | undefined)?.[config.apiKeyField];
    if (typeof b === 'string' && b) return b;
  }
  return undefined;
}

const SIGN_IN_HINT = 'sign in with POST /api/auth/login (or POST /api/auth/demo for a demo token)';

async function authPlugin(app: FastifyInstance, opts: AuthOptions): Promise<void> {
  // Fetched lazily: the server starts (and /health answers) even while the database is down.
  let secret: Promise<Buffer> | undefined = opts.secret ? Promise.resolve(opts.secret) : undefined;
  const getSecret = () => {
    secret ??= tokenSecret(app.db).catch((err: unknown) => {
      secret = undefined;
      throw err;
    });
    return secret;
  };

  app.decorateRequest('viewer', null);
  app.decorate('auth', {
    async issue(account) {
      const payload: TokenPayload = {
        sub: account.id,
        username: account.username,
        role: account.role,
        name: account.displayName,
        exp: Math.floor(Date.now() / 1000) + TOKEN_TTL_SECONDS,
      };
      return {
        token: signToken(payload, await getSecret()),
        role: account.role,
        displayName: account.displayName,
        expiresAt: new Date(payload.exp * 1000).toISOString(),
      };
    },
  } satisfies AuthService);

  const declared: DeclaredRoute[] = [];
  app.decorate('declaredRoutes', declared);
  app.addHook('onRoute', checkRoles);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) declared.push({ method, url: route.url, roles: route.config!.roles! });
  });

  const authenticate = async (request: FastifyRequest) => {
    const roles = request.routeOptions.config.roles;
    // Public routes (and the 404 handler) never look at a token: /health must answer even when a
    // stale token is sent and the database that holds the secret is down.
    if (roles === undefined || roles === 'public') return;
    const token = bearer(request);
    if (!token) {
      const field = request.routeOptions.config.apiKeyField;
      const how = field ? `send "Authorization: Bearer <token>" or the token as ${field}` : 'send "Authorization: Bearer <token>"';
      throw new HttpError(401, `this route needs a signed-in user: ${how}; ${SIGN_IN_HINT}`, { 'www-authenticate': 'Bearer' });
    }
    const verified = verifyToken(token, await getSecret());
    if (!verified.ok) {
      const why =
        verified.reason === 'expired'
          ? `the token expired at ${verified.expiredAt!.toISOString()}`
          : 'the token is not valid (malformed, or signed by another server)';
      throw new HttpError(401, `${why}; ${SIGN_IN_HINT}`, { 'www-authenticate': 'Bearer error="invalid_token"' });
    }
    const p = verified.payload;
    request.viewer = { accountId: p.sub, username: p.username, role: p.role, displayName: p.name, expiresAt: new Date(p.exp * 1000) };
    if (!roles.includes(p.role)) {
      throw new HttpError(403, `this route serves the roles ${roles.join(', ')}; you are signed in as ${p.role}`);
    }
  };
  app.addHook('onRequest', async (request) => {
    if (!request.routeOptions.config.apiKeyField) await authenticate(request);
  });
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.config.apiKeyField) await authenticate(request);
  });
}

export default fp(authPlugin, { name: 'xiuhua-auth', dependencies: ['xiuhua-database'] });

/** The signed-in viewer of a route that declared roles (the onRequest hook guarantees one). */
export function viewerOf(request: FastifyRequest): Viewer {
  if (!request.viewer) throw new HttpError(401, `this route needs a signed-in user; ${SIGN_IN_HINT}`);
  return request.viewer;
}
