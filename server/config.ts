// Configuration from the environment, with defaults that just work on a developer machine.
import { defaultLogFormat, LOG_FORMATS, type LogFormat } from './logging.ts';

export interface Config {
  host: string;
  port: number;
  databaseUrl: string;
  /** Connections per server process; keep N processes × this well below max_connections (300). */
  poolSize: number;
  /** pino's level; requests are logged at debug (LOG_LEVEL=debug shows them). */
  logLevel: string;
  /** LOG_FORMAT: pretty (readable lines, the default on a terminal) or json (the default otherwise). */
  logFormat: LogFormat;
  /** Run the city simulator inside `npm start`. */
  simulate: boolean;
  /** Seed number and scale used when the database is empty. */
  seed: number;
  seedScale: string;
  /** Share of a crowd area's capacity that raises a crowd alarm (area may override). */
  crowdAlarmShare: number;
  /** Byte budget of each process's vector-tile cache; 0 serves every tile fresh (benchmarks). */
  tileCacheBytes: number;
  /** KPI weights for the street ranking: response, resolution, satisfaction. */
  kpiWeights: { response: number; resolution: number; satisfaction: number };
}

function num(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n)) throw new Error(`${name} must be a number, got "${raw}"`);
  return n;
}

function bool(name: string, fallback: boolean): boolean {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  return !['0', 'false', 'no', 'off'].includes(raw.toLowerCase());
}

function logFormat(): LogFormat {
  const raw = process.env.LOG_FORMAT;
  if (raw === undefined || raw === '') return defaultLogFormat();
  if (!(LOG_FORMATS as readonly string[]).includes(raw)) throw new Error(`LOG_FORMAT must be ${LOG_FORMATS.join(' or ')}, got "${raw}"`);
  return raw as LogFormat;
}

/** Reads the environment; databaseUrl comes from provisioning when DATABASE_URL is unset. */
export function loadConfig(databaseUrl = process.env.DATABASE_URL ?? ''): Config {
  const weights = (process.env.XIUHUA_KPI_WEIGHTS ?? '30,35,35').split(',').map(Number);
  if (weights.length !== 3 || weights.some((w) => !Number.isFinite(w) || w < 0)) {
    throw new Error('XIUHUA_KPI_WEIGHTS must be three non-negative numbers, e.g. 30,35,35');
  }
  const [response, resolution, satisfaction] = weights as [number, number, number];
  return {
    host: process.env.HOST ?? '127.0.0.1',
    port: num('PORT', 8080),
    databaseUrl,
    poolSize: num('XIUHUA_POOL_SIZE', 12),
    logLevel: process.env.LOG_LEVEL ?? 'info',
    logFormat: logFormat(),
    simulate: bool('XIUHUA_SIMULATE', true),
    seed: num('XIUHUA_SEED', 20260101),
    seedScale: process.env.XIUHUA_SCALE ?? 'default',
    crowdAlarmShare: num('XIUHUA_CROWD_ALARM_SHARE', 0.85),
    tileCacheBytes: num('XIUHUA_TILE_CACHE_MB', 256) * 1024 * 1024,
    kpiWeights: { response, resolution, satisfaction },
  };
}
