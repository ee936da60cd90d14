// The one way to open PostgreSQL connections: a pool whose sessions use Beijing time, so that
// "today", days and months in SQL mean what a Beijing user means.
import pg from 'pg';
import { CITY_TIME_ZONE } from '../domain/beijing.ts';

// Return bigint (int8) and numeric as JS numbers: counts and ids here stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number(v));

export function createPool(url: string, max = 10, applicationName = 'xiuhua', extra: Partial<pg.PoolConfig> = {}): pg.Pool {
  return new pg.Pool({
    ...extra,
    connectionString: url,
    max,
    application_name: applicationName,
    options: `-c timezone=${CITY_TIME_ZONE}`,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
  });
}

export function createClient(url: string, applicationName = 'xiuhua'): pg.Client {
  return new pg.Client({ connectionString: url, application_name: applicationName, options: `-c timezone=${CITY_TIME_ZONE}` });
}
