// The alley standard 十有十无 ("ten haves, ten nones"): item order is the index into
// alley.ten_haves / alley.ten_nones. Labels are the UI's; keys are stable identifiers.
export const TEN_HAVES = [
  { key: 'lead', zh: '有政府代表（街巷长）', en: 'a government lead (alley chief)' },
  { key: 'council', zh: '有自治共建理事会', en: 'a self-governance council' },
  { key: 'property', zh: '有物业管理单位', en: 'a property manager' },
  { key: 'volunteers', zh: '有志愿服务团队', en: 'a volunteer team' },
  { key: 'plan', zh: '有街巷治理导则和实施方案', en: 'a governance guideline and plan' },
  { key: 'convention', zh: '有居民公约', en: "a residents' convention" },
  { key: 'sign', zh: '有责任公示牌', en: 'a public responsibility sign' },
  { key: 'facilities', zh: '有配套设施', en: 'supporting facilities' },
  { key: 'greenery', zh: '有绿化景观', en: 'greenery' },
  { key: 'culture', zh: '有文化内涵', en: 'cultural content' },
] as const;

export const TEN_NONES = [
  { key: 'illegal_structures', zh: '无私搭乱建', en: 'no illegal structures' },
  { key: 'wall_openings', zh: '无开墙打洞', en: 'no walls knocked through for shopfronts' },
  { key: 'parking', zh: '无乱停车', en: 'no disorderly parking' },
  { key: 'road_occupation', zh: '无占道经营', en: 'no road occupation' },
  { key: 'overhead_lines', zh: '无乱架线', en: 'no messy overhead lines' },
  { key: 'facades', zh: '无外立面破损', en: 'no damaged façades' },
  { key: 'signs', zh: '无违规广告牌匾', en: 'no non-compliant signs' },
  { key: 'road_surface', zh: '无道路破损', en: 'no damaged road surface' },
  { key: 'illegal_business', zh: '无违规经营', en: 'no illegal business' },
  { key: 'piled_materials', zh: '无堆物堆料', en: 'no piled materials' },
] as const;

/** 0–20: how many of the twenty items hold. */
export function checklistScore(haves: readonly boolean[], nones: readonly boolean[]): number {
  return haves.filter(Boolean).length + nones.filter(Boolean).length;
}
