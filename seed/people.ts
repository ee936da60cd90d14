// Seed generator "people" (placeholder until written).
import type { Generator } from './context.ts';

const generator: Generator = {
  name: 'people',
  async run() {},
};
export default generator;
