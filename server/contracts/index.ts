// The API's request and response shapes, one import for the web client (`import type` only: the values
// it needs at runtime come from ./constants.ts, which imports nothing).

export * from './actions.ts';
export * from './alleys.ts';
export * from './analysis.ts';
export * from './areas.ts';
export * from './auth.ts';
export * from './cases.ts';
export * from './cockpit.ts';
export * from './common.ts';
export * from './directory.ts';
export * from './emergency.ts';
export * from './grid.ts';
export * from './intake.ts';
export * from './kpi.ts';
export * from './meta.ts';
export * from './open311.ts';
export * from './sensors.ts';
