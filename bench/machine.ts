// What else the machine was doing while a benchmark ran, so a figure can be trusted (or discounted): load
// average before and after, the CPUs, how busy they were, how much of that was this bench's own process
// tree, its database's backends and its load generator, and the other busiest processes, read from /proc.
// Where /proc is missing (not Linux) the report keeps the load average and the CPU count only.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

/** CPU time of one load generator (stream clients, autocannon): how much of the machine the measuring took. */
export interface LoadGeneratorCpu {
  what: string;
  /** User + system CPU time of its threads over the measured phase. */
  cpuMs: number;
  /** The phase's wall-clock length. */
  wallMs: number;
}

export interface BusyProcess {
  pid: number;
  command: string;
  /** Average share of one CPU over the window, in percent. */
  cpuPercent: number;
  /** A backend of this bench's database (its work is the bench's, not a neighbour's). */
  benchDatabase?: boolean;
}

export interface MachineReport {
  cpus: number;
  cpuModel: string;
  loadAverage: { before: [number, number, number]; after: [number, number, number] };
  /** The busiest processes outside this bench in the second before it started (its database's backends marked). */
  busyBefore: BusyProcess[];
  /** null where /proc cannot be read. */
  during: null | {
    seconds: number;
    /** Every CPU's busy time over the run, in percent of one CPU (200 = both of two CPUs busy throughout). */
    machinePercent: number;
    /** This process and its children (browsers, servers it started), exited ones included. */
    benchPercent: number;
    /** Backends of the bench's database (by their process title). */
    benchDatabasePercent: number;
    /** Everything else: the machine's busy time minus the two above. */
    othersPercent: number;
    /** The busiest processes outside this bench's tree and its database's backends, top first. */
    busiest: BusyProcess[];
  };
  loadGenerator: (LoadGeneratorCpu & { cpuPercent: number }) | null;
}

interface ProcStat {
  ppid: number;
  ticks: number;
  start: number;
  comm: string;
}

/** One process seen during a window: its ticks when first and last seen, its command, whose it is. */
interface Seen {
  pid: number;
  start: number;
  first: number;
  last: number;
  command: string;
  bench: boolean;
  alive: boolean;
}

/** How often processes are sampled during a window: one that ends between two samples loses at most this much. */
const SAMPLE_MS = 1000;

/** utime + stime, cutime + cstime, ppid, starttime and comm from a /proc/<pid>/stat line (comm may hold spaces). */
export function parseStat(line: string): (ProcStat & { children: number }) | null {
  const close = line.lastIndexOf(')');
  if (close < 0) return null;
  const f = line.slice(close + 2).split(' '); // f[0] is field 3 (state)
  return {
    comm: line.slice(line.indexOf('(') + 1, close),
    ppid: Number(f[1]),
    ticks: Number(f[11]) + Number(f[12]),
    children: Number(f[13]) + Number(f[14]),
    start: Number(f[19]),
  };
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null; // gone (a process that ended) or not Linux
  }
}

/** All CPUs' total and idle ticks, or null without /proc/stat. */
function cpuTicks(): { total: number; idle: number } | null {
  const line = read('/proc/stat')?.split('\n', 1)[0];
  if (!line?.startsWith('cpu ')) return null;
  const t = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal (guest time is already inside user)
  const total = t.slice(0, 8).reduce((a, b) => a + b, 0);
  return { total, idle: t[3]! + t[4]! };
}

function processes(): Map<number, ProcStat> {
  const procs = new Map<number, ProcStat>();
  let names: string[] = [];
  try {
    names = readdirSync('/proc');
  } catch {
    // not Linux
  }
  for (const name of names) {
    if (!/^\d+$/.test(name)) continue;
    const s = read(`/proc/${name}/stat`);
    const p = s ? parseStat(s) : null;
    if (p) procs.set(Number(name), p);
  }
  return procs;
}

/** This process's own ticks and its reaped children's (which include descendants that ended). */
function selfTicks(): { ticks: number; children: number } | null {
  const own = read('/proc/self/stat');
  const p = own ? parseStat(own) : null;
  return p ? { ticks: p.ticks, children: p.children } : null;
}

function commandLine(pid: number, comm: string): string {
  const raw = read(`/proc/${pid}/cmdline`);
  const line = raw ? raw.replaceAll('\0', ' ').trim() : '';
  const text = line || comm;
  return text.length > 90 ? `${text.slice(0, 87)}…` : text;
}

/** This process and every live descendant of it. */
function treeOf(procs: Map<number, ProcStat>): Set<number> {
  const tree = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of procs)
      if (!tree.has(pid) && tree.has(p.ppid)) {
        tree.add(pid);
        grew = true;
      }
  }
  return tree;
}

/** A Postgres backend's title names its database: `postgres: user db host(port) state`. */
const isBackendOf = (command: string, database: string | null) =>
  database !== null && command.startsWith('postgres: ') && command.split(' ')[2] === database;

/** Every process seen over a window, sampled every SAMPLE_MS, so those that end before it closes still count. */
class Census {
  private readonly seen = new Map<string, Seen>();
  private readonly timer: NodeJS.Timeout;
  private readonly startedAt = performance.now();

  constructor(initial: Map<number, ProcStat>) {
    this.add(initial, true);
    this.timer = setInterval(() => this.add(processes(), false), SAMPLE_MS);
    this.timer.unref();
  }

  private add(procs: Map<number, ProcStat>, initial: boolean): void {
    const tree = treeOf(procs);
    for (const [pid, p] of procs) {
      const key = `${pid}:${p.start}`;
      const s = this.seen.get(key);
      if (s) {
        s.last = p.ticks;
        s.bench ||= tree.has(pid);
      } else {
        // A process born after the first sample spent all its ticks inside the window.
        this.seen.set(key, {
          pid,
          start: p.start,
          first: initial ? p.ticks : 0,
          last: p.ticks,
          command: commandLine(pid, p.comm),
          bench: tree.has(pid),
          alive: true,
        });
      }
    }
  }

  /** Closes the window; every process with the CPU ticks it spent inside it. */
  close(last: Map<number, ProcStat>): { seen: Seen[]; ms: number } {
    clearInterval(this.timer);
    this.add(last, false);
    for (const s of this.seen.values()) s.alive = last.get(s.pid)?.start === s.start;
    return { seen: [...this.seen.values()], ms: performance.now() - this.startedAt };
  }
}

/** The busiest processes outside the bench's tree (with `withDatabase`, its database's backends too, marked). */
function busiest(
  seen: readonly Seen[],
  tick: number,
  windowMs: number,
  database: string | null,
  top: number,
  withDatabase: boolean,
): BusyProcess[] {
  return seen
    .filter((s) => !s.bench && s.pid !== process.pid && s.last > s.first && (withDatabase || !isBackendOf(s.command, database)))
    .sort((x, y) => y.last - y.first - (x.last - x.first))
    .slice(0, top)
    .map((s) => {
      const row: BusyProcess = {
        pid: s.pid,
        command: s.command,
        cpuPercent: Math.round((1000 * (s.last - s.first) * tick) / windowMs) / 10,
      };
      if (isBackendOf(s.command, database)) row.benchDatabase = true;
      return row;
    });
}

let tickMsCached: number | undefined;
/** Milliseconds per /proc clock tick (USER_HZ, nearly always 100 per second). */
export function tickMs(): number {
  if (tickMsCached === undefined) {
    const hz = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim());
    tickMsCached = hz > 0 ? 1000 / hz : 10;
  }
  return tickMsCached;
}

/**
 * CPU time of the calling thread (a worker thread's own share, which process.cpuUsage cannot tell apart),
 * or null where /proc/thread-self is missing. Call it from the thread to be measured.
 */
export function threadCpuMs(): number | null {
  const s = read('/proc/thread-self/stat');
  const p = s ? parseStat(s) : null;
  return p ? p.ticks * tickMs() : null;
}

export interface MachineWatch {
  /** Ends the window and tells what happened in it. */
  report(loadGenerator?: LoadGeneratorCpu | null): MachineReport;
}

const loadAverage = () => loadavg().map((x) => Math.round(x * 100) / 100) as [number, number, number];

export interface WatchOptions {
  /** The database whose backends count as the bench's own. */
  databaseUrl?: string;
  /** How long to watch before the window opens, to see who was busy just before (default 1 s). */
  settleMs?: number;
  /** How many of the busiest other processes to name (default 5). */
  top?: number;
}

/** Starts watching: samples the machine for `settleMs` first, then opens the window the bench runs in. */
export async function watchMachine({ databaseUrl, settleMs = 1000, top = 5 }: WatchOptions = {}): Promise<MachineWatch> {
  const tick = tickMs();
  const database = databaseUrl ? decodeURIComponent(new URL(databaseUrl).pathname.slice(1)) || null : null;
  const settle = new Census(processes());
  await new Promise((r) => setTimeout(r, settleMs));
  const atStart = processes();
  const before = settle.close(atStart);
  const busyBefore = busiest(before.seen, tick, before.ms, database, top, true);

  const census = new Census(atStart);
  const cpuAtStart = cpuTicks();
  const selfAtStart = selfTicks();
  const loadBefore = loadAverage();
  const cpuList = cpus();
  return {
    report(loadGenerator) {
      const { seen, ms } = census.close(processes());
      const cpuAtEnd = cpuTicks();
      const selfAtEnd = selfTicks();
      const percentOf = (ticks: number) => Math.round((1000 * ticks * tick) / ms) / 10;
      let during: MachineReport['during'] = null;
      if (cpuAtStart && cpuAtEnd && selfAtStart && selfAtEnd) {
        const n = cpuList.length || 1;
        // /proc/stat counts ticks over all CPUs; one CPU's ticks in the window are (total delta) / n.
        const all = cpuAtEnd.total - cpuAtStart.total || 1;
        const machinePercent = Math.round((1000 * n * (all - (cpuAtEnd.idle - cpuAtStart.idle))) / all) / 10;
        // Children that ended were reaped into this process's children's ticks; live ones are read from /proc.
        let benchTicks = selfAtEnd.ticks - selfAtStart.ticks + (selfAtEnd.children - selfAtStart.children);
        let databaseTicks = 0;
        for (const s of seen) {
          if (s.pid === process.pid) continue;
          if (s.bench) benchTicks += s.alive ? s.last - s.first : 0;
          else if (isBackendOf(s.command, database)) databaseTicks += s.last - s.first;
        }
        const benchPercent = percentOf(benchTicks);
        const benchDatabasePercent = percentOf(databaseTicks);
        during = {
          seconds: Math.round(ms / 100) / 10,
          machinePercent,
          benchPercent,
          benchDatabasePercent,
          othersPercent: Math.max(0, Math.round(10 * (machinePercent - benchPercent - benchDatabasePercent)) / 10),
          busiest: busiest(seen, tick, ms, database, top, false),
        };
      }
      return {
        cpus: cpuList.length,
        cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
        loadAverage: { before: loadBefore, after: loadAverage() },
        busyBefore,
        during,
        loadGenerator: loadGenerator
          ? { ...loadGenerator, cpuPercent: Math.round((1000 * loadGenerator.cpuMs) / loadGenerator.wallMs) / 10 }
          : null,
      };
    },
  };
}

/** The report as lines for a terminal. */
export function printMachine(r: MachineReport, print: (line: string) => void = console.log): void {
  const la = (l: number[]) => l.map((x) => x.toFixed(2)).join(' / ');
  print(
    `machine: ${r.cpus} CPUs (${r.cpuModel}); load average (1/5/15 min) before ${la(r.loadAverage.before)}, after ${la(r.loadAverage.after)}`,
  );
  const list = (rows: BusyProcess[]) => {
    for (const p of rows)
      print(`    ${p.cpuPercent.toFixed(1).padStart(5)}%  ${p.pid}  ${p.command}${p.benchDatabase ? "  (this bench's database)" : ''}`);
  };
  if (r.busyBefore.length) {
    print('  busiest other processes in the second before:');
    list(r.busyBefore);
  }
  if (r.during) {
    const d = r.during;
    print(
      `  during the bench (${d.seconds} s): the CPUs were ${d.machinePercent}% busy of ${100 * r.cpus}% — this bench's processes ${d.benchPercent}%, ` +
        `its database's backends ${d.benchDatabasePercent}%, everything else ${d.othersPercent}%`,
    );
    if (d.busiest.length) {
      print('  busiest other processes during it:');
      list(d.busiest);
    }
  }
  if (r.loadGenerator) {
    const g = r.loadGenerator;
    print(`  load generator (${g.what}): ${Math.round(g.cpuMs)} ms CPU in ${(g.wallMs / 1000).toFixed(1)} s = ${g.cpuPercent}% of one CPU`);
  }
}
