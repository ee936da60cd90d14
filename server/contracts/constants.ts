// The vocabulary the API speaks, as plain values: the one file the web may import at runtime from
// server/ (everything else it takes with `import type`). It imports nothing, so the browser bundle
// gets these lists and no schema library; the contracts and the domain build their schemas and rules
// from them, so each list is written once.

/** The city's time zone: UTC+8 all year (server/domain/beijing.ts does the arithmetic). */
export const CITY_TIME_ZONE = 'Asia/Shanghai';

// --- who ------------------------------------------------------------------------------------------

export const ROLES = ['leader', 'commander', 'planner', 'dispatcher', 'field', 'demo'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The role groups routes and pages declare (server/auth/roles.ts adds the personal-data policy).
 * Each keeps ROLES' order, so "this route serves the roles …" always lists them the same way.
 */
const only = (...roles: Role[]): readonly Role[] => ROLES.filter((r) => roles.includes(r));
/** Every signed-in role, the visitors' demo mode included. */
export const EVERYONE: readonly Role[] = ROLES;
/** Staff: every role except demo. */
export const STAFF: readonly Role[] = ROLES.filter((r) => r !== 'demo');
/** Those who act on cases (report them, see their reporters, post as the IoT gateway): never planners or visitors. */
export const ACTORS = only('leader', 'commander', 'dispatcher', 'field');
/** The dispatch desk: accept, file, dispatch, verify, evaluate (受理 立案 派遣 核查 考核). */
export const DESK = only('leader', 'commander', 'dispatcher');
/** Those who command (领导指令): open incidents, issue instructions, urge and supervise cases. */
export const COMMANDERS = only('leader', 'commander');
/** Crews acting for a department: handle or return a dispatch. */
export const CREWS = only('commander', 'field');
/** Who reports from the field on instructions (commanders may stand in for a unit). */
export const FIELD_REPORTERS = only('leader', 'commander', 'field');
/** The leader alone (e.g. setting the KPI weights). */
export const LEADER_ONLY = only('leader');
/** The analysts' workspace (分析研判): planners, and leaders who look over their shoulder. */
export const ANALYSTS = only('leader', 'planner');

// --- cases ----------------------------------------------------------------------------------------

export const CASE_SOURCES = ['hotline', 'grid_patrol', 'alley_chief', 'steward', 'public_app', 'sensor', 'social_media'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/** The closed loop's stages (闭环管理); server/domain/caseflow.ts says which action leads where. */
export const CASE_STAGES = [
  'reported',
  'accepted',
  'rejected',
  'filed',
  'dispatched',
  'returned',
  'handled',
  'closed',
  'evaluated',
] as const;
export type CaseStage = (typeof CASE_STAGES)[number];
/** Stages after which a case is no longer open (the partial index cases_stage uses the same list). */
export const FINISHED_STAGES = ['closed', 'evaluated', 'rejected'] as const satisfies readonly CaseStage[];

export const SATISFACTIONS = ['satisfied', 'basically_satisfied', 'unsatisfied'] as const;
export const REJECT_REASONS = ['duplicate', 'out_of_scope'] as const;
export const DEPARTMENT_STATUSES = ['assigned', 'returned', 'handled'] as const;

// --- places ---------------------------------------------------------------------------------------

/** The capital core area (东城 + 西城): the extent [west, south, east, north] (WGS84) of its 32 real street
 *  polygons (../shared/data), which holds every seeded feature. The map's first view; the tiles' bounds. */
export const CORE_AREA_EXTENT = [116.3147, 39.8566, 116.4447, 39.9727] as const;

export const AREA_LEVELS = ['district', 'street', 'community'] as const;
export const GRID_CLASSES = ['key_control', 'key_content', 'crowded', 'ordinary'] as const;

/** The alley standard 十有十无 ("ten haves, ten nones"): item order is the index into alley.ten_haves /
 * alley.ten_nones. Labels are the UI's; keys are stable identifiers. */
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

// --- sensing --------------------------------------------------------------------------------------

/** The kinds of IoT device (the sensor table's check constraint, migration 001, lists the same). */
export const SENSOR_KINDS = [
  'rain_gauge',
  'snow_gauge',
  'waterlogging',
  'manhole_cover',
  'concentrator',
  'crowd_counter',
  'air_quality',
] as const;
export type SensorKind = (typeof SENSOR_KINDS)[number];
export const SENSOR_STATUSES = ['normal', 'alarm', 'offline'] as const;
export type SensorStatus = (typeof SENSOR_STATUSES)[number];

// --- the cockpit and emergency command ------------------------------------------------------------

export const COCKPIT_WINDOWS = ['24h', '7d', '30d'] as const;
export type CockpitWindow = (typeof COCKPIT_WINDOWS)[number];

export const INCIDENT_KINDS = ['waterlogging', 'crowd_surge', 'manhole_cover', 'fire', 'other'] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];
export const INCIDENT_STATUSES = ['open', 'closed'] as const;
export const UNIT_KINDS = ['pump_truck', 'repair_crew', 'patrol_car', 'rescue_team', 'grid_patroller', 'alley_chief'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];
/** An instruction's delivery state per addressee, in the order it moves. */
export const TARGET_STATUSES = ['sent', 'delivered', 'acknowledged', 'done'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];
