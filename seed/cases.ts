// Seed generator "cases" (placeholder until written).
import type { Generator } from './context.ts';

const generator: Generator = {
  name: 'cases',
  async run() {},
};
export default generator;
