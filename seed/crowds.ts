// Seed generator "crowds" (placeholder until written).
import type { Generator } from './context.ts';

const generator: Generator = {
  name: 'crowds',
  async run() {},
};
export default generator;
