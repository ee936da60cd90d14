// Seed generator "sensors" (placeholder until written).
import type { Generator } from './context.ts';

const generator: Generator = {
  name: 'sensors',
  async run() {},
};
export default generator;
