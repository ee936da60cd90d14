// Seed generator "basemap" (placeholder until written).
import type { Generator } from './context.ts';

const generator: Generator = {
  name: 'basemap',
  async run() {},
};
export default generator;
