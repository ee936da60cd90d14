// A clock for the map's moving parts (crowd flows, alarm pulses): milliseconds since mount, advanced
// at most `fps` times a second (every tick redraws the whole map), paused while the page is hidden or
// nothing moves. Viewers who ask for reduced motion get one still frame, `still`, instead.
import { useEffect, useState } from 'react';

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

export function useAnimationClock(active: boolean, still: number, fps = 15): number {
  const [clock, setClock] = useState(still);
  useEffect(() => {
    if (!active || reducedMotion()) return;
    const start = performance.now();
    let last = 0;
    let frame = requestAnimationFrame(function tick(now) {
      if (!document.hidden && now - last >= 1000 / fps) {
        last = now;
        setClock(now - start);
      }
      frame = requestAnimationFrame(tick);
    });
    return () => cancelAnimationFrame(frame);
  }, [active, fps]);
  return clock;
}
