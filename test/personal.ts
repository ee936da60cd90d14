// What "nothing personal" means to the visitors' tests (server/privacy.test.ts over every GET route,
// e2e/tour.test.ts over every answer the tour received): the phone patterns, every string in a JSON
// answer, and the seeded names that must not appear (everyone's but the alley chiefs', printed on signs).
import { query } from './db.ts';

/** A mainland mobile number standing alone, and the seeded phones' own pattern (xxx0000xxxx). */
export const PHONES = [/(?<!\d)1[3-9]\d{9}(?!\d)/, /(?<!\d)\d{3}0000\d{4}(?!\d)/];

/** Every string value in a JSON document. */
export function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** The seeded people's names that are not also an alley chief's. */
export async function personalNames(databaseUrl: string): Promise<Set<string>> {
  const people = await query<{ name: string }>(
    databaseUrl,
    `select distinct name from person where role <> 'alley_chief'
      except select name from person where role = 'alley_chief'`,
  );
  return new Set(people.map((p) => p.name));
}
