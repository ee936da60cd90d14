// Terminal progress for long work (the seed): one bar per step on a TTY, plain lines otherwise.
import cliProgress from 'cli-progress';
import type { Progress, Step } from '../seed/context.ts';

export function terminalProgress(): Progress {
  const tty = Boolean(process.stdout.isTTY);
  return {
    step(name: string, total: number): Step {
      const bar = new cliProgress.SingleBar(
        {
          format: `  ${name.padEnd(22)} {bar} {percentage}% | {value}/{total} | {duration_formatted}`,
          barsize: 28,
          hideCursor: tty,
          noTTYOutput: !tty,
          notTTYSchedule: 5000,
          etaBuffer: 50,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(Math.max(total, 1), 0);
      let value = 0;
      return {
        tick(n = 1) {
          value += n;
          bar.update(Math.min(value, Math.max(total, 1)));
        },
        done() {
          bar.update(Math.max(total, 1));
          bar.stop();
        },
      };
    },
  };
}

/** For tests and embedding: reports nothing. */
export const silentProgress: Progress = { step: () => ({ tick() {}, done() {} }) };
