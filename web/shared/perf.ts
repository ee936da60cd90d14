// Milestones of a page's start as User Timing marks (`xh:` + name), once each: bench/cockpit reads
// them to say where the time to a usable wall goes; they cost nothing when nobody reads them.
export function milestone(name: string): void {
  const mark = `xh:${name}`;
  if (typeof performance !== 'undefined' && performance.getEntriesByName(mark, 'mark').length === 0) performance.mark(mark);
}

/** Spans kept per name: enough for a page's start (what bench/cockpit reads); a wall or the tour draws all
 *  day, and the browser keeps every User Timing entry until it is cleared — unbounded, they were a leak. */
export const SPANS_KEPT = 2000;
const spans = new Map<string, number>();

/** A span of work that happens many times (deck.gl frames), measured as `xh:<name>` User Timing measures
 *  (the first SPANS_KEPT of them). */
export function span(name: string, startMs: number): void {
  const n = spans.get(name) ?? 0;
  if (n >= SPANS_KEPT || typeof performance === 'undefined') return;
  spans.set(name, n + 1);
  performance.measure(`xh:${name}`, { start: startMs, end: performance.now() });
}
