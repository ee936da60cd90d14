// Provides PostGIS: DATABASE_URL when set, otherwise a project-local PostgreSQL 15 cluster under
// .data/ (installed from Debian's packages when missing and we are root), reused when running.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { CITY_TIME_ZONE } from '../server/domain/beijing.ts';
import { projectRoot } from '../server/paths.ts';

const PG_BIN = '/usr/lib/postgresql/15/bin';
const POSTGIS_CONTROL = '/usr/share/postgresql/15/extension/postgis.control';
/** pgRouting: the road graph's travel times (seed/roadgraph.ts, server/emergency). */
const PGROUTING_CONTROL = '/usr/share/postgresql/15/extension/pgrouting.control';
const DEBIAN_PACKAGES = ['postgresql-15', 'postgresql-15-postgis-3', 'postgresql-15-pgrouting'];

export interface ClusterInfo {
  /** Connection string for the maintenance database `postgres`. */
  adminUrl: string;
  /** Builds the URL of a database in the same cluster. */
  urlFor(database: string): string;
  /** True when this call started the cluster (so the caller may stop it on exit). */
  startedNow: boolean;
  stop(): void;
  describe: string;
}

const log = (msg: string) => console.log(`[xiuhua] ${msg}`);

export class ProvisionError extends Error {}

/** A port derived from the project path: two clones on one machine never share a cluster. */
function defaultPort(root: string): number {
  const h = createHash('sha1').update(root).digest().readUInt16BE(0);
  return 54330 + (h % 600);
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Installs PostgreSQL 15 + PostGIS 3 + pgRouting from Debian when missing (root), else explains how. */
export function ensurePostgisBinaries(): void {
  if (existsSync(join(PG_BIN, 'postgres')) && existsSync(POSTGIS_CONTROL) && existsSync(PGROUTING_CONTROL)) return;
  const command = `apt-get update && apt-get install -y --no-install-recommends ${DEBIAN_PACKAGES.join(' ')}`;
  if (!isRoot()) {
    throw new ProvisionError(
      `PostgreSQL 15 with PostGIS 3 and pgRouting is not installed. Install it as root:\n\n    sudo sh -c '${command}'\n\n` +
        'or point DATABASE_URL at a PostGIS database, then run this command again.',
    );
  }
  // Keep Debian from creating (and starting) its own cluster on 5432: we run our own.
  mkdirSync('/etc/postgresql-common/createcluster.d', { recursive: true });
  writeFileSync('/etc/postgresql-common/createcluster.d/xiuhua-no-main.conf', 'create_main_cluster = false\n');
  aptInstall(DEBIAN_PACKAGES);
  if (!existsSync(POSTGIS_CONTROL)) throw new ProvisionError('apt-get finished but PostGIS is still missing.');
  if (!existsSync(PGROUTING_CONTROL)) throw new ProvisionError('apt-get finished but pgRouting is still missing.');
}

/** A DATABASE_URL server without pgRouting: say what to install instead of failing in a migration. */
export async function checkPgrouting(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    const { rows } = await client.query(`select 1 from pg_available_extensions where name = 'pgrouting'`);
    if (rows.length === 0)
      throw new ProvisionError(
        `the database at ${redact(url)} has no pgRouting extension, which the road graph needs (travel times of the ` +
          'emergency units). Install it on that server — on Debian: apt-get install postgresql-15-pgrouting (or the package ' +
          'matching its PostgreSQL version) — then run this command again.',
      );
  } finally {
    await client.end().catch(() => {});
  }
}

/** apt-get install with one `update` first; used for PostGIS and, by the tests, chromium. */
export function aptInstall(packages: string[]): void {
  log(`installing Debian packages: ${packages.join(' ')} (apt-get, may take a minute) …`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', '--no-install-recommends', ...packages],
  ]) {
    const r = spawnSync('apt-get', args, { stdio: 'inherit', env });
    if (r.status !== 0) throw new ProvisionError(`apt-get ${args.join(' ')} failed (exit ${r.status}).`);
  }
}

/** Runs a PostgreSQL binary as the unprivileged owner of the cluster (initdb refuses root). */
function runAsOwner(owner: string | null, bin: string, args: string[], opts: { allowFail?: boolean } = {}) {
  const file = join(PG_BIN, bin);
  const [cmd, argv] = owner ? ['runuser', ['-u', owner, '--', file, ...args]] : [file, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0 && !opts.allowFail) {
    throw new ProvisionError(`${bin} ${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  }
  return r;
}

/** Every folder above the data directory must be traversable by the cluster's owner. */
function traversableBy(owner: string | null, dir: string): boolean {
  if (!owner) return true;
  return spawnSync('runuser', ['-u', owner, '--', 'test', '-x', dir]).status === 0;
}

function clusterBase(root: string, owner: string | null): string {
  if (process.env.XIUHUA_PG_DIR) return process.env.XIUHUA_PG_DIR;
  const local = join(root, '.data');
  if (traversableBy(owner, root)) return local;
  // e.g. a clone under /root (mode 700): the postgres user cannot reach it, so keep the
  // cluster in a folder of its own named after the project path.
  const alt = join('/var/lib/xiuhua', createHash('sha1').update(root).digest('hex').slice(0, 10));
  log(`${root} is not reachable by user ${owner}; keeping the cluster in ${alt}`);
  return alt;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** postmaster.pid left by a crash or a killed machine: remove it if its process is not postgres. */
function recoverStalePid(dataDir: string): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  let isPostgres = false;
  if (pid > 0 && pidAlive(pid)) {
    try {
      isPostgres = readFileSync(`/proc/${pid}/comm`, 'utf8').trim().startsWith('postgres');
    } catch {
      isPostgres = false;
    }
  }
  if (!isPostgres) {
    log(`removing stale ${pidFile} (process ${pid} is gone)`);
    rmSync(pidFile);
  }
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Settings for the project cluster: sized for a 2-core, 24 GiB machine, durable (fsync on). */
function clusterSettings(port: number, socketDir: string): string {
  return `# written by Xiuhua (cli/cluster.ts)
listen_addresses = '127.0.0.1'
port = ${port}
unix_socket_directories = '${socketDir}'
max_connections = 300
shared_buffers = 1GB
effective_cache_size = 6GB
work_mem = 32MB
maintenance_work_mem = 512MB
max_wal_size = 4GB
checkpoint_timeout = 15min
random_page_cost = 1.1
jit = off
timezone = '${CITY_TIME_ZONE}'
log_timezone = '${CITY_TIME_ZONE}'
log_min_duration_statement = 2000
`;
}

/** Starts (or reuses) the project-local cluster and returns how to reach it. */
export async function ensureLocalCluster(root = projectRoot): Promise<ClusterInfo> {
  ensurePostgisBinaries();
  const owner = isRoot() ? 'postgres' : null;
  const base = clusterBase(root, owner);
  const dataDir = join(base, 'pg');
  const socketDir = join(base, 'sock');
  const logFile = join(base, 'pg.log');
  const passwordFile = join(base, 'pg.password');
  const port = Number(process.env.XIUHUA_PG_PORT ?? defaultPort(root));

  mkdirSync(base, { recursive: true });
  if (!existsSync(passwordFile)) {
    writeFileSync(passwordFile, `${randomBytes(18).toString('base64url')}\n`, { mode: 0o600 });
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  const adminUrl = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const urlFor = (db: string) => adminUrl.replace(/\/postgres$/, `/${db}`);
  const chown = (path: string) => owner && execFileSync('chown', ['-R', `${owner}:${owner}`, path]);
  const stop = () => {
    runAsOwner(owner, 'pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop'], { allowFail: true });
  };
  const info = (startedNow: boolean): ClusterInfo => ({
    adminUrl,
    urlFor,
    startedNow,
    stop,
    describe: `project cluster ${dataDir} on 127.0.0.1:${port}`,
  });

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`creating the project's PostgreSQL cluster in ${dataDir} (port ${port}) …`);
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    mkdirSync(socketDir, { recursive: true });
    // initdb reads the superuser password from a file the owner can read; remove it afterwards.
    const pwTmp = join(base, '.initdb-pw');
    writeFileSync(pwTmp, `${password}\n`, { mode: 0o600 });
    chown(dataDir);
    chown(socketDir);
    chown(pwTmp);
    try {
      runAsOwner(owner, 'initdb', [
        '-D',
        dataDir,
        '-U',
        'postgres',
        '-E',
        'UTF8',
        '--locale=C.UTF-8',
        '--auth-local=peer',
        '--auth-host=scram-sha-256',
        `--pwfile=${pwTmp}`,
      ]);
    } finally {
      rmSync(pwTmp, { force: true });
    }
    writeFileSync(join(dataDir, 'xiuhua.conf'), clusterSettings(port, socketDir));
    writeFileSync(join(dataDir, 'postgresql.conf'), `${readFileSync(join(dataDir, 'postgresql.conf'), 'utf8')}\ninclude 'xiuhua.conf'\n`);
    chown(dataDir);
  }

  if (await canConnect(adminUrl)) return info(false);

  recoverStalePid(dataDir);
  mkdirSync(socketDir, { recursive: true });
  if (!existsSync(logFile)) writeFileSync(logFile, '');
  chown(socketDir);
  chown(logFile);
  const started = runAsOwner(owner, 'pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start'], { allowFail: true });
  if (started.status !== 0 || !(await canConnect(adminUrl))) {
    const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').split('\n').slice(-15).join('\n') : '';
    throw new ProvisionError(
      `could not start PostgreSQL in ${dataDir} on port ${port}.\n${started.stderr ?? ''}\nLast lines of ${logFile}:\n${tail}\n` +
        'If the port is taken, set XIUHUA_PG_PORT to a free port.',
    );
  }
  log(`started ${info(true).describe}`);
  return info(true);
}

/** Creates `database` in the cluster if it does not exist yet. */
export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new ProvisionError(`invalid database name ${database}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database ${database}`);
  } finally {
    await client.end();
  }
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new ProvisionError(`invalid database name ${database}`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${database} with (force)`);
  } finally {
    await client.end();
  }
}

/** The URL the product uses: DATABASE_URL if set, else a database (XIUHUA_DATABASE, default
 *  `xiuhua`) of the local cluster. */
export async function provideDatabase(
  database = process.env.XIUHUA_DATABASE ?? 'xiuhua',
): Promise<{ url: string; cluster: ClusterInfo | null }> {
  if (process.env.DATABASE_URL) {
    if (!(await canConnect(process.env.DATABASE_URL))) {
      throw new ProvisionError(`DATABASE_URL is set but the database cannot be reached: ${redact(process.env.DATABASE_URL)}`);
    }
    await checkPgrouting(process.env.DATABASE_URL);
    return { url: process.env.DATABASE_URL, cluster: null };
  }
  const cluster = await ensureLocalCluster();
  await ensureDatabase(cluster.adminUrl, database);
  return { url: cluster.urlFor(database), cluster };
}

export function redact(url: string): string {
  return url.replace(/:\/\/([^:@/]+):[^@/]*@/, '://$1:***@');
}
