// The machine report names what else was busy while a bench ran: a process outside the bench's tree with
// its CPU share, the bench's own CPU, and the load average around it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parseStat, printMachine, threadCpuMs, watchMachine } from './machine.ts';

const ticksOf = (pid: number) => parseStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))!.ticks;
let orphan: number | undefined;
afterEach(() => {
  if (orphan) process.kill(orphan);
  orphan = undefined;
});

describe('bench/machine', () => {
  it('reads a /proc stat line whose command holds spaces and parentheses', () => {
    const line = '4242 (tmux: server (1)) S 1 4242 4242 0 -1 4194560 80 0 0 0 150 25 7 3 20 0 1 0 98765 1000 100 18446744073709551615';
    expect(parseStat(line)).toEqual({ comm: 'tmux: server (1)', ppid: 1, ticks: 175, children: 10, start: 98765 });
  });

  it("names a busy process outside the bench and counts the bench's own CPU", async () => {
    const watch = await watchMachine({ settleMs: 50, top: 10_000 });
    // A spinning process the shell leaves behind: its parent is gone, so it is not the bench's.
    orphan = Number(
      spawnSync('sh', ['-c', `${process.execPath} -e 'for (;;) {}' >/dev/null 2>&1 & echo $!`], { encoding: 'utf8' }).stdout.trim(),
    );
    const ownAtStart = threadCpuMs()!;
    while (threadCpuMs()! - ownAtStart < 200 || ticksOf(orphan) < 20) {
      // this thread works until both it and the orphan have spent 0.2 s of CPU
      for (let i = 0; i < 1e6; i++) Math.sqrt(i);
    }
    const r = watch.report({ what: 'test', cpuMs: 100, wallMs: 1000 });
    expect(r.cpus).toBeGreaterThan(0);
    expect(r.loadAverage.before).toHaveLength(3);
    expect(r.during!.benchPercent).toBeGreaterThan(0);
    expect(r.during!.busiest.find((p) => p.pid === orphan)?.cpuPercent).toBeGreaterThan(0);
    expect(r.during!.busiest.some((p) => p.pid === process.pid)).toBe(false);
    expect(r.loadGenerator).toMatchObject({ what: 'test', cpuPercent: 10 });
    const lines: string[] = [];
    printMachine(r, (l) => lines.push(l));
    expect(lines.join('\n')).toMatch(/load average \(1\/5\/15 min\) before [\d.]+ \/ [\d.]+ \/ [\d.]+, after/);
    expect(lines.join('\n')).toContain(`${orphan}  ${process.execPath} -e for (;;) {}`);
  });
});
