// Seed generator "alleys" (placeholder until written).
import type { Generator } from './context.ts';

const generator: Generator = {
  name: 'alleys',
  async run() {},
};
export default generator;
