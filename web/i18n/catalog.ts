// The shape every catalog must have: exactly zh's keys, so a key missing from a translation is a compile error.
import type { zh } from './zh.ts';

export type MessageKey = keyof typeof zh;
export type Catalog = { readonly [K in MessageKey]: string };

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Fills `{name}` placeholders; a placeholder without a value stays visible so the gap is noticed. */
export function format(template: string, values: Readonly<Record<string, string | number>> = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
