// The planner's spatial statistics, pure and synchronous over typed arrays: weights in, per-cell results
// out. Routes read the counts (the rollup) and the stored queen weights, call these, and serialise.
export { type AreaUntestable, MIN_NEIGHBOURHOOD_CASES, type StudyAreaOptions, sparseCells } from './area.ts';
export {
  classifyEmerging,
  EMERGING_CATEGORIES,
  EMERGING_UNTESTABLE,
  type EmergingCategory,
  type EmergingOptions,
  type EmergingResult,
  type EmergingRules,
  emergingCategory,
  emergingHotSpots,
  type Trend,
} from './emerging.ts';
export { benjaminiHochberg, bhThresholds, type FdrResult } from './fdr.ts';
export { GI_LEVELS, type GiBin, type GiClass, type GiStarOptions, type GiStarResult, giClass, giStar } from './gistar.ts';
export { type MannKendall, mannKendall } from './mannkendall.ts';
export { type LocalMoranOptions, type LocalMoranResult, localMoran, MORAN, type MoranClass, moranClass } from './moran.ts';
export { erfc, normalCdf, normalSf, twoSidedP } from './normal.ts';
export { cardinality, neighbourLists, queenLattice, type Weights, weightsFromLists, weightsFromPairs, weightsProblem } from './weights.ts';
