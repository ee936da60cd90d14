// The case category table (GB/T 30428 shape) from seed/data/categories.ts.
import type { Generator, SeedContext } from './context.ts';
import { CATEGORIES, MAIN_CLASSES } from './data/categories.ts';

const generator: Generator = {
  name: 'categories',
  async run(ctx: SeedContext) {
    const rows = CATEGORIES.map((c) => {
      const kind = c.code[0] === '1' ? 'component' : 'event';
      const main = MAIN_CLASSES.find((m) => m.kind === kind && m.code === c.code.slice(1, 3));
      if (!main) throw new Error(`category ${c.code} has no main class`);
      return [c.code, kind, main.code, main.name, main.nameEn, c.code.slice(3), c.name, c.nameEn, c.urgency, c.limit, c.unit, c.department];
    });
    await ctx.copy(
      'category',
      [
        'code',
        'kind',
        'main_code',
        'main_name',
        'main_name_en',
        'sub_code',
        'name',
        'name_en',
        'urgency',
        'time_limit',
        'time_limit_unit',
        'department_kind',
      ],
      rows,
    );
  },
};
export default generator;
