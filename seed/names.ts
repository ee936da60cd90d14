// Synthetic Chinese names for people and alleys, and synthetic phone numbers. Nothing here is a
// real person: surnames follow their rough frequency in Beijing, given names are common characters.
import { pinyin } from 'pinyin-pro';
import type { Rng } from './rng.ts';

// The most common surnames, roughly by frequency (王 李 张 刘 … ), with relative weights.
const SURNAMES =
  '王李张刘陈杨赵黄周吴徐孙马胡朱郭何罗高林郑梁谢唐许冯宋韩邓彭曹曾田于肖潘袁董叶杜丁蒋程余吕魏蔡苏任卢沈姜姚钟崔陆谭汪石付贾范金方韦夏廖侯白孟邹秦尹江熊薛邱闫段雷季史陶毛贺龙万顾关郝孔向龚邵钱武扈戴严欧莫尚'.split(
    '',
  );
const SURNAME_WEIGHTS = SURNAMES.map((_, i) => 1 / (i + 8));
const GIVEN =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍鹏辉玲建华丹建国红梅海燕志强婷雪飞波斌宇浩凯鑫欣怡佳琪子涵梓轩雨泽思远晨阳嘉怡宏伟振华淑珍凤兰德胜长青瑞丰'.split(
    '',
  );

export function personName(rng: Rng): string {
  const surname = SURNAMES[rng.weighted(SURNAME_WEIGHTS)]!;
  const n = rng.chance(0.72) ? 2 : 1;
  let given = '';
  for (let i = 0; i < n; i++) given += rng.pick(GIVEN);
  return surname + given;
}

/** An 11-digit mobile number in a real-looking block, marked synthetic by its 0000 middle digits. */
export function phoneNumber(rng: Rng): string {
  const prefix = rng.pick(['138', '139', '135', '136', '137', '150', '151', '158', '186', '185', '133', '153', '189', '177']);
  return `${prefix}0000${String(rng.int(0, 9999)).padStart(4, '0')}`;
}

// Alley names follow the patterns real hutong names use: …胡同, …条, …巷, …斜街, …夹道.
const ALLEY_CORES = [
  '砖塔',
  '百花',
  '帽儿',
  '菊儿',
  '棉花',
  '福祥',
  '辛寺',
  '钱粮',
  '报房',
  '史家',
  '内务部',
  '礼士',
  '演乐',
  '本司',
  '大兴',
  '东棉花',
  '府学',
  '国子监',
  '箭厂',
  '秦老',
  '雨儿',
  '黑芝麻',
  '前鼓楼苑',
  '小经厂',
  '豆腐池',
  '宝钞',
  '大石桥',
  '鸦儿',
  '白米',
  '烟袋',
  '大金丝',
  '小金丝',
  '南官房',
  '北官房',
  '羊房',
  '柳荫',
  '护国寺',
  '百万庄',
  '丰盛',
  '辟才',
  '砖儿',
  '西交民',
  '东交民',
  '杨梅竹',
  '铁树',
  '樱桃',
  '西河沿',
  '取灯',
  '炭儿',
  '石头',
  '琉璃',
  '椿树',
  '棕树',
  '西砖',
  '南柳巷',
  '大外廊营',
  '粉房琉璃',
  '储库营',
  '排子',
  '鲜鱼口',
  '草厂',
  '长巷',
  '北芦草园',
  '銮庆',
  '布巷子',
  '西打磨厂',
  '东打磨厂',
  '前门西后河',
  '大江',
  '小江',
  '薛家湾',
  '北深沟',
  '金鱼',
  '甘雨',
  '干面',
  '苏州',
  '新开路',
  '协和',
  '乃兹府',
  '东厂',
  '骑河楼',
  '嵩祝院',
  '景山后',
  '大佛寺',
  '钟鼓',
  '方砖厂',
  '花枝',
  '拐棒',
  '后圆恩寺',
  '前圆恩寺',
  '沙井',
  '板厂',
  '东不压桥',
  '鼓楼东',
  '赵府',
  '灯草',
  '西四北',
  '西四南',
  '兵马司',
  '砂锅刘',
  '大喜鹊',
  '小喜鹊',
  '太平桥',
  '锦什坊',
  '武定侯',
  '察院',
  '文华',
  '东四',
  '北新桥',
  '张自忠',
  '什锦花园',
  '遂安伯',
  '大羊宜宾',
  '西总布',
  '东总布',
  '赵堂子',
  '后赵家楼',
  '翠花',
  '红星',
  '广宁伯',
  '槐树',
  '椿树上',
  '大吉',
  '米市',
  '果子',
  '校场',
  '老墙根',
  '教子',
  '南线阁',
  '广安',
  '白纸坊',
  '菜园',
  '枣林',
  '右安门',
  '永安',
  '东经路',
  '西经路',
  '留学路',
  '陶然',
  '龙泉',
];
const DIRECTIONS = ['', '', '', '东', '西', '南', '北', '前', '后', '大', '小', '中'];
const NUMERALS = ['头', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

export type AlleySuffix = '胡同' | '巷' | '条' | '斜街' | '夹道';

/** A plausible alley name; `series` numbers parallel lanes as 头条, 二条 … like 东四头条…十条. */
export function alleyName(rng: Rng, opts: { diagonal?: boolean; series?: { base: string; index: number } } = {}): string {
  if (opts.series) return `${opts.series.base}${NUMERALS[opts.series.index] ?? String(opts.series.index + 1)}条`;
  const core = rng.pick(ALLEY_CORES);
  const direction = rng.pick(DIRECTIONS);
  if (opts.diagonal) return `${direction}${core}斜街`;
  const suffix = rng.weighted([72, 18, 0, 0, 10]);
  return `${direction}${core}${['胡同', '巷', '条', '斜街', '夹道'][suffix]}`;
}

/** A base for a 条 series (e.g. 西四北 → 西四北头条…八条). */
export function seriesBase(rng: Rng): string {
  return rng.pick(ALLEY_CORES);
}

/** The lowercase ASCII slug printed in an alley's QR code: street code + running number. */
export function alleySlug(streetCode: string, n: number): string {
  return `a${streetCode}-${String(n).padStart(4, '0')}`;
}

// English renderings for the delegations' English mode: pinyin for the proper name, a translated
// generic part (胡同 → Hutong, 社区 → Community). Local readings that differ from standard pinyin
// (大栅栏 Dashilar) are listed first.
const LOCAL_READINGS: Record<string, string> = { 大栅栏: 'Dashilar' };
const GENERIC_SUFFIXES: [string, string][] = [
  ['社区居委会', 'Community'],
  ['社区', 'Community'],
  ['街道', 'Subdistrict'],
  ['胡同', 'Hutong'],
  ['斜街', 'Xiejie'],
  ['夹道', 'Jiadao'],
  ['条', 'Tiao'],
  ['巷', 'Lane'],
  ['区', 'District'],
];

const capitalise = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
const toPinyin = (zh: string) => LOCAL_READINGS[zh] ?? pinyin(zh, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('');

export function romanize(zh: string): string {
  // numbered lanes: 东四十条 → Dongsi Shitiao, 西四北头条 → Xisibei Toutiao
  const numbered = /^(.+?)((?:头|十[一二三四五六七八九]?|[二三四五六七八九])条)$/.exec(zh);
  if (numbered) return `${capitalise(toPinyin(numbered[1]!))} ${capitalise(toPinyin(numbered[2]!))}`;
  let base = zh;
  let generic = '';
  for (const [suffix, en] of GENERIC_SUFFIXES) {
    if (base.endsWith(suffix) && base.length > suffix.length) {
      base = base.slice(0, -suffix.length);
      generic = en;
      break;
    }
  }
  const proper = capitalise(toPinyin(base));
  return generic ? `${proper} ${generic}` : proper;
}
