// How much bigger than a laptop the screen is: the root font size (set by theme.css from the
// viewport) over its 1080p value, so pixel widths on the map grow with the text on a 4K wall.
import { useSyncExternalStore } from 'react';

/** The root font size at 1080p (theme.css): scale 1. */
export const BASE_FONT_PX = 15;

function read(): number {
  const px = parseFloat(getComputedStyle(document.documentElement).fontSize);
  return Number.isFinite(px) && px > 0 ? px / BASE_FONT_PX : 1;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('resize', onChange);
  return () => window.removeEventListener('resize', onChange);
}

export function useUiScale(): number {
  return useSyncExternalStore(subscribe, read);
}
