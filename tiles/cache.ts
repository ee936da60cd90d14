// Tile cache: an LRU bounded in bytes, keyed by layer/z/x/y plus the filter, with an index from each
// tile address to its cached filter variants so that invalidating a map area drops all of them. A tile
// of a layer that reads the clock is also dropped when it ages past the layer's staleAfterS.
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';

export interface CachedTile {
  body: Buffer;
  /** the same tile gzipped once, for clients that accept it; null until compressed */
  gzip: Buffer | null;
  etag: string;
}

const MERCATOR_MAX_LAT = 85.0511287798;

/** Tile x/y covering a WGS84 point at zoom z (clamped to the world). */
export function tileOf(lng: number, lat: number, z: number): [number, number] {
  const n = 2 ** z;
  const la = (Math.max(-MERCATOR_MAX_LAT, Math.min(MERCATOR_MAX_LAT, lat)) * Math.PI) / 180;
  const x = Math.floor(((lng + 180) / 360) * n);
  const y = Math.floor(((1 - Math.log(Math.tan(la) + 1 / Math.cos(la)) / Math.PI) / 2) * n);
  return [Math.min(n - 1, Math.max(0, x)), Math.min(n - 1, Math.max(0, y))];
}

export class TileCache {
  private readonly lru: LRUCache<string, CachedTile>;
  private readonly variants = new Map<string, Set<string>>();

  /** `clock` (milliseconds) is for tests that age tiles without waiting. */
  constructor(maxBytes: number, clock?: { now(): number }) {
    this.lru = new LRUCache<string, CachedTile>({
      maxSize: maxBytes,
      perf: clock,
      ttlResolution: 0, // read the clock on every check (no timer-held "now"; a clock call is nothing next to a tile)
      sizeCalculation: (t) => t.body.length * 2 + 200, // room for the gzip that follows
      dispose: (_value, key) => {
        const address = key.split('?', 1)[0]!;
        const set = this.variants.get(address);
        set?.delete(key);
        if (set?.size === 0) this.variants.delete(address);
      },
    });
  }

  static etagOf(body: Buffer): string {
    return `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
  }

  get(key: string): CachedTile | undefined {
    return this.lru.get(key);
  }

  /** `maxAgeS`: drop it after this many seconds even if no change is announced (none: keep until then). */
  set(key: string, tile: CachedTile, maxAgeS?: number): void {
    this.lru.set(key, tile, maxAgeS === undefined ? undefined : { ttl: maxAgeS * 1000 });
    const address = key.split('?', 1)[0]!;
    let set = this.variants.get(address);
    if (!set) {
      set = new Set();
      this.variants.set(address, set);
    }
    set.add(key);
  }

  /** Drops every cached tile of `layer` that intersects the WGS84 box, at zooms minzoom..maxzoom.
   *  One tile of margin on each side covers features drawn in a neighbour's buffer. */
  invalidateBox(layer: string, bbox: [number, number, number, number], minzoom: number, maxzoom: number): number {
    let dropped = 0;
    for (let z = minzoom; z <= maxzoom; z++) {
      const [x0, y1] = tileOf(bbox[0], bbox[1], z);
      const [x1, y0] = tileOf(bbox[2], bbox[3], z);
      if ((x1 - x0 + 3) * (y1 - y0 + 3) > 4096) {
        // a large box at a deep zoom: cheaper to scan what is cached
        dropped += this.dropWhere((k) => {
          const [l, zz, xx, yy] = k.split('?', 1)[0]!.split('/');
          return (
            l === layer && Number(zz) === z && Number(xx) >= x0 - 1 && Number(xx) <= x1 + 1 && Number(yy) >= y0 - 1 && Number(yy) <= y1 + 1
          );
        });
        continue;
      }
      for (let x = x0 - 1; x <= x1 + 1; x++) {
        for (let y = y0 - 1; y <= y1 + 1; y++) {
          const set = this.variants.get(`${layer}/${z}/${x}/${y}`);
          if (!set) continue;
          for (const key of [...set]) {
            this.lru.delete(key);
            dropped++;
          }
        }
      }
    }
    return dropped;
  }

  invalidateLayer(layer: string): number {
    return this.dropWhere((k) => k.startsWith(`${layer}/`));
  }

  private dropWhere(test: (key: string) => boolean): number {
    let dropped = 0;
    for (const key of [...this.lru.keys()])
      if (test(key)) {
        this.lru.delete(key);
        dropped++;
      }
    return dropped;
  }

  get bytes(): number {
    return this.lru.calculatedSize;
  }

  get size(): number {
    return this.lru.size;
  }
}
