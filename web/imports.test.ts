// The browser bundle takes from the server only its vocabulary: web/ code imports server/, tiles/,
// seed/ or sim/ at runtime from server/contracts/constants.ts alone (a dependency-free file), and
// everything else with `import type`, which the bundler erases. Tests are exempt: they run in Node.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const WEB = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(WEB, '..');
const ALLOWED = 'server/contracts/constants.ts';
const OUTSIDE = /^(server|tiles|seed|sim|cli|test)\//;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** Every import or re-export of `file` that survives compilation: its specifier, resolved from the root. */
function runtimeImports(file: string, text: string): string[] {
  const found: string[] = [];
  // import … from '…' / export … from '…' (over several lines), side-effect imports, dynamic import()
  const statement =
    /(?:^|\n)\s*(import|export)\s+([^'";]*?)\s*from\s*['"]([^'"]+)['"]|(?:^|\n)\s*import\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const m of text.matchAll(statement)) {
    const specifier = m[3] ?? m[4] ?? m[5]!;
    const clause = m[2];
    if (clause !== undefined) {
      if (/^type\s/.test(clause)) continue; // import type … / export type …
      // import { type A, type B } erases to nothing only when every name is a type
      const names = /^\{([^}]*)\}$/.exec(clause.trim())?.[1];
      if (names?.split(',').every((n) => n.trim() === '' || /^type\s/.test(n.trim()))) continue;
    }
    if (!specifier.startsWith('.')) continue;
    found.push(
      relative(ROOT, resolve(dirname(file), specifier))
        .split('\\')
        .join('/'),
    );
  }
  return found;
}

describe('what the web takes from the server', () => {
  it('finds runtime imports and tells them from type-only ones', () => {
    const file = join(WEB, 'x', 'a.ts');
    const text = [
      "import type { A } from '../../server/contracts/index.ts';",
      "import { type B, type C } from '../../server/contracts/cases.ts';",
      "import { CORE } from '../../server/contracts/constants.ts';",
      "import {\n  type D,\n  run,\n} from '../../tiles/layers.ts';",
      "export { ROLES } from '../../server/auth/roles.ts';",
      "const lazy = () => import('../../seed/cases.ts');",
    ].join('\n');
    expect(runtimeImports(file, text)).toEqual([ALLOWED, 'tiles/layers.ts', 'server/auth/roles.ts', 'seed/cases.ts']);
  });

  it('imports nothing at runtime from server/ (or tiles/, seed/, sim/) except the constants', () => {
    const offending = sources(WEB).flatMap((file) =>
      runtimeImports(file, readFileSync(file, 'utf8'))
        .filter((target) => OUTSIDE.test(target) && target !== ALLOWED)
        .map((target) => `${relative(ROOT, file)} → ${target}`),
    );
    expect(offending).toEqual([]);
  });
});
