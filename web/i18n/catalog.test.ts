// The catalogs: placeholders filled, and every translation carrying the same placeholders as zh-CN.
import { describe, expect, it } from 'vitest';
import { format, type MessageKey } from './catalog.ts';
import { en } from './en.ts';
import { zh } from './zh.ts';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('message catalogs', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(format('网格 {code}', { code: '11010100100101' })).toBe('网格 11010100100101');
    expect(format('{a} of {b}', { a: 1 })).toBe('1 of {b}');
  });

  it('English has every zh-CN message with the same placeholders, none empty', () => {
    for (const key of Object.keys(zh) as MessageKey[]) {
      expect(en[key].trim(), key).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(zh[key]));
    }
    expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
  });
});
