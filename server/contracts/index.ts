// The API's request and response shapes, one import for the web client (`import type`).
export * from './common.ts';
export * from './auth.ts';
export * from './meta.ts';
export * from './areas.ts';
export * from './grid.ts';
export * from './alleys.ts';
export * from './cases.ts';
export * from './intake.ts';
export * from './cockpit.ts';
