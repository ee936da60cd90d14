// What browser tests ask of a page: the API as the page sees it, and whether its layout is legible.
import type { Page } from 'playwright-core';

/** The API as the page sees it (same token, same origin). */
export const pageApi = <T>(page: Page, path: string) =>
  page.evaluate(async (p) => {
    const token = (JSON.parse(sessionStorage.getItem('xiuhua.session')!) as { token: string }).token;
    const res = await fetch(p, { headers: { authorization: `Bearer ${token}` } });
    return res.json();
  }, path) as Promise<T>;

/** Legibility: panels inside the screen and apart; every visible text fits its box and its panel. */
export async function layoutProblems(page: Page, minBoxes = 10): Promise<string[]> {
  return page.evaluate((least) => {
    const problems: string[] = [];
    const vw = window.innerWidth;
    const vh = window.innerHeight;
    const boxes = [...document.querySelectorAll<HTMLElement>('.cockpit > .panel, .cockpit > .figures-cell, .cockpit > .map-cell')];
    if (boxes.length < least) problems.push(`only ${boxes.length} panels`);
    const rects = boxes.map((b) => ({ name: b.dataset.testid ?? b.className, r: b.getBoundingClientRect() }));
    for (const { name, r } of rects) {
      if (r.left < 0 || r.top < 0 || r.right > vw + 0.5 || r.bottom > vh + 0.5) problems.push(`${name} leaves the screen`);
      if (r.width < 100 || r.height < 60) problems.push(`${name} is too small: ${r.width}×${r.height}`);
    }
    for (let i = 0; i < rects.length; i++) {
      for (let j = i + 1; j < rects.length; j++) {
        const a = rects[i]!.r;
        const b = rects[j]!.r;
        if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5)
          problems.push(`${rects[i]!.name} overlaps ${rects[j]!.name}`);
      }
    }
    const texts = [...document.querySelectorAll<HTMLElement>('.header *, .cockpit *')].filter(
      (el) =>
        [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim() !== '') &&
        !el.closest('.sr-only, .scroll, .side-panel, .maplibregl-ctrl') &&
        el.getClientRects().length > 0,
    );
    for (const el of texts) {
      const label = `"${el.textContent!.trim().slice(0, 30)}"`;
      const style = getComputedStyle(el);
      if (style.display !== 'inline' && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1))
        problems.push(`${label} overflows its box`);
      const frame = el.parentElement?.closest<HTMLElement>('.panel, .fig, .live-badge, .legend, .layer-control, .header');
      if (frame) {
        const f = frame.getBoundingClientRect();
        const r = el.getBoundingClientRect();
        if (r.left < f.left - 1 || r.right > f.right + 1 || r.top < f.top - 1 || r.bottom > f.bottom + 1)
          problems.push(`${label} is cut by its panel`);
      }
      if (parseFloat(style.fontSize) < 11) problems.push(`${label} is set in ${style.fontSize}`);
    }
    return problems;
  }, minBoxes);
}
