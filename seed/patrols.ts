// Seed generator "patrols" (placeholder until written).
import type { Generator } from './context.ts';

const generator: Generator = {
  name: 'patrols',
  async run() {},
};
export default generator;
