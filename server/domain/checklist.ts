// The alley standard 十有十无 ("ten haves, ten nones"): the items are listed in
// server/contracts/constants.ts (the web labels them); here is what the checklist computes.
export { TEN_HAVES, TEN_NONES } from '../contracts/constants.ts';

/** 0–20: how many of the twenty items hold. */
export function checklistScore(haves: readonly boolean[], nones: readonly boolean[]): number {
  return haves.filter(Boolean).length + nones.filter(Boolean).length;
}
