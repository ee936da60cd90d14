// Sign-in routes: password login for the seeded accounts, a free demo token, and "who am I".
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { LoginBody, Me, TokenAnswer } from '../contracts/auth.ts';
import { ErrorBody } from '../contracts/common.ts';
import { HttpError } from '../errors.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { viewerOf } from './plugin.ts';
import { findAccount, findDemoAccount } from './queries.ts';
import { EVERYONE } from './roles.ts';

// Compared against when the username is unknown, so a wrong username costs as long as a wrong password.
let decoyHash: string | undefined;

const routes: FastifyPluginAsyncTypebox = async (app) => {
  app.post(
    '/api/auth/login',
    {
      config: { roles: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with a username and password',
        body: LoginBody,
        response: { 200: TokenAnswer, 400: ErrorBody, 401: ErrorBody },
      },
    },
    async (request) => {
      const { username, password } = request.body;
      const account = await findAccount(app.db, username);
      decoyHash ??= hashPassword('decoy');
      const ok = verifyPassword(password, account?.passwordHash ?? decoyHash) && account !== null;
      if (!ok || !account) throw new HttpError(401, 'wrong username or password');
      return app.auth.issue(account);
    },
  );

  app.post(
    '/api/auth/demo',
    {
      config: { roles: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'A demo-mode token, without a password: no personal data is ever sent to it',
        response: { 200: TokenAnswer },
      },
    },
    async () => {
      const account = await findDemoAccount(app.db);
      return app.auth.issue(account ?? { id: 0, username: 'demo', role: 'demo', displayName: 'demo' });
    },
  );

  app.get(
    '/api/auth/me',
    {
      config: { roles: EVERYONE },
      schema: {
        tags: ['auth'],
        summary: 'Who the token belongs to',
        response: { 200: Me, 401: ErrorBody },
      },
    },
    async (request) => {
      const viewer = viewerOf(request);
      return { username: viewer.username, role: viewer.role, displayName: viewer.displayName, expiresAt: viewer.expiresAt.toISOString() };
    },
  );
};

export default routes;
