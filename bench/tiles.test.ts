// bench/tiles runs end to end on the seeded city and prints its figures: SQL and server times for every
// layer, the largest tiles (all under 500 KB), and the cached server's throughput without errors.
// No timing thresholds here: the README records real runs.
import { describe, expect, it } from 'vitest';
import { fullDatabaseUrl } from '../test/db.ts';
import { LAYERS } from '../tiles/layers.ts';
import { benchTiles, printTiles, tileSet } from './tiles.ts';

describe('bench/tiles', () => {
  it('chooses the same tiles every run, nearest the centre first', () => {
    expect(tileSet([14], 3)).toEqual(tileSet([14], 3));
    expect(tileSet([12, 13], 4).map(([z]) => z)).toEqual([12, 12, 12, 12, 13, 13, 13, 13]);
  });

  it('measures every layer three ways and prints the figures', async () => {
    const r = await benchTiles({ databaseUrl: fullDatabaseUrl(), zooms: [13, 15], perZoom: 2, seconds: 1, connections: 4 });
    expect(r.layers.map((l) => l.layer).sort()).toEqual(
      LAYERS.filter((l) => l.minzoom <= 15)
        .map((l) => l.name)
        .sort(),
    );
    for (const l of r.layers) {
      expect(l.sqlP50, l.layer).toBeGreaterThan(0);
      expect(l.serverP50, l.layer).toBeGreaterThan(0);
      for (const t of Object.values(l.largest)) expect(t.bytes).toBeLessThan(500 * 1024);
    }
    expect(r.cached.tilesPerSecond).toBeGreaterThan(0);
    expect(r.cached.errors).toBe(0);
    expect(r.cached.loadGenerator?.cpuMs).toBeGreaterThan(0); // autocannon's own thread, told apart from the server's
    const lines: string[] = [];
    printTiles(r, (line) => lines.push(line));
    expect(lines.join('\n')).toMatch(/\(c\) server, warm cache: \d+ tiles\/s/);
  }, 120_000);
});
