// Seed generator "categories" (placeholder until written).
import type { Generator } from './context.ts';

const generator: Generator = {
  name: 'categories',
  async run() {},
};
export default generator;
