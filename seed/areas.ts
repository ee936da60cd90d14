// Seed generator "areas" (placeholder until written).
import type { Generator } from './context.ts';

const generator: Generator = {
  name: 'areas',
  async run() {},
};
export default generator;
