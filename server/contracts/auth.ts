// Sign-in: username/password for staff, a free token for demo mode, and who the token belongs to.
import { type Static, Type } from 'typebox';
import { Role } from './common.ts';

export const LoginBody = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 64 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export type LoginBody = Static<typeof LoginBody>;

export const TokenAnswer = Type.Object({
  token: Type.String({ description: 'send as `Authorization: Bearer <token>`' }),
  role: Role,
  displayName: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type TokenAnswer = Static<typeof TokenAnswer>;

export const Me = Type.Object({
  username: Type.String(),
  role: Role,
  displayName: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
});
export type Me = Static<typeof Me>;
