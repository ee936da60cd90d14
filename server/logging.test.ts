// The server's log as a person at a terminal reads it: at the default level a request writes nothing
// (the simulator alone makes several a second), at debug it writes one short line without tokens,
// and the lines are readable on a terminal and JSON elsewhere.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, type TestDatabase } from '../test/db.ts';
import { type App, buildApp } from './app.ts';
import { loadConfig } from './config.ts';
import { defaultLogFormat, loggerOptions } from './logging.ts';

let db: TestDatabase;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(() => db.drop());

/** An app at this level whose log lines (JSON) land in the returned list. */
async function appLogging(level: string): Promise<{ app: App; lines: Record<string, unknown>[] }> {
  const lines: Record<string, unknown>[] = [];
  const logStream = {
    write: (line: string) => {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
  const app = await buildApp({ config: { ...loadConfig(db.url), logLevel: level, poolSize: 2 }, logStream });
  return { app, lines };
}

describe('request logging', () => {
  it('writes no line for a request at the default level (info)', async () => {
    const { app, lines } = await appLogging('info');
    try {
      const before = lines.length;
      for (let i = 0; i < 5; i++) expect((await app.inject({ method: 'GET', url: '/api/meta' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/cases' })).statusCode).toBe(401);
      expect(lines.slice(before)).toEqual([]);
    } finally {
      await app.close();
    }
  });

  it('writes one short line per request at debug, with method, path, status and time, and no token', async () => {
    const { app, lines } = await appLogging('debug');
    try {
      const before = lines.length;
      expect((await app.inject({ method: 'GET', url: '/api/meta?access_token=secret123' })).statusCode).toBe(200);
      const mine = lines.slice(before).filter((l) => l.level === 20);
      expect(mine).toHaveLength(1);
      expect(mine[0]!.msg).toMatch(/^GET \/api\/meta\?access_token=\[redacted\] 200 \d+ ms$/);
      expect(JSON.stringify(lines)).not.toContain('secret123');
    } finally {
      await app.close();
    }
  });
});

describe('log format', () => {
  it('is readable lines on a terminal and JSON otherwise, with no transport when silent', () => {
    expect(defaultLogFormat(true)).toBe('pretty');
    expect(defaultLogFormat(false)).toBe('json');
    expect(loggerOptions('info', 'pretty')).toMatchObject({ transport: { target: 'pino-pretty' } });
    expect(loggerOptions('info', 'json')).not.toHaveProperty('transport');
    expect(loggerOptions('silent', 'pretty')).not.toHaveProperty('transport');
  });

  it('reads LOG_FORMAT, refusing a value it does not know', () => {
    const saved = process.env.LOG_FORMAT;
    try {
      process.env.LOG_FORMAT = 'json';
      expect(loadConfig('postgres://x').logFormat).toBe('json');
      process.env.LOG_FORMAT = 'pretty';
      expect(loadConfig('postgres://x').logFormat).toBe('pretty');
      process.env.LOG_FORMAT = 'fancy';
      expect(() => loadConfig('postgres://x')).toThrow(/LOG_FORMAT must be pretty or json/);
    } finally {
      if (saved === undefined) delete process.env.LOG_FORMAT;
      else process.env.LOG_FORMAT = saved;
    }
  });
});
