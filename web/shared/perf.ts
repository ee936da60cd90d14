// Milestones of a page's start as User Timing marks (`xh:` + name), once each: bench/cockpit reads
// them to say where the time to a usable wall goes; they cost nothing when nobody reads them.
export function milestone(name: string): void {
  const mark = `xh:${name}`;
  if (typeof performance !== 'undefined' && performance.getEntriesByName(mark, 'mark').length === 0) performance.mark(mark);
}

/** A span of work that happens many times (deck.gl frames), measured as `xh:<name>` User Timing measures. */
export function span(name: string, startMs: number): void {
  if (typeof performance !== 'undefined') performance.measure(`xh:${name}`, { start: startMs, end: performance.now() });
}
