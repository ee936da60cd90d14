// Seed generator "readings" (placeholder until written).
import type { Generator } from './context.ts';

const generator: Generator = {
  name: 'readings',
  async run() {},
};
export default generator;
