// Seed generator "grid" (placeholder until written).
import type { Generator } from './context.ts';

const generator: Generator = {
  name: 'grid',
  async run() {},
};
export default generator;
