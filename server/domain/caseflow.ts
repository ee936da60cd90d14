// The closed case loop (闭环管理) as data: which action moves a case from which stage to which.
// The seed builds its trails with it, the server will refuse any other move, and the tests check
// every seeded trail against it, so the three can never disagree.
import { CASE_STAGES, type CaseStage, FINISHED_STAGES } from '../contracts/constants.ts';

/** The stages themselves are listed in server/contracts/constants.ts (the web reads them too). */
export const STAGES = CASE_STAGES;
export type Stage = CaseStage;
export { FINISHED_STAGES };
/** Stages in which a case still needs work (counted as open, can become overdue). */
export const OPEN_STAGES: readonly Stage[] = STAGES.filter((s) => !(FINISHED_STAGES as readonly Stage[]).includes(s));

export const ACTIONS = {
  report: { from: [null], to: 'reported' }, // 发现/上报
  accept: { from: ['reported'], to: 'accepted' }, // 受理
  reject: { from: ['reported'], to: 'rejected' }, // 不予受理 (duplicate / out of scope)
  file: { from: ['accepted'], to: 'filed' }, // 立案: category, grid, deadline fixed
  dispatch: { from: ['filed', 'returned'], to: 'dispatched' }, // 派遣 (again after a return)
  return: { from: ['dispatched'], to: 'returned' }, // 退单: a department returns a wrong dispatch
  handle: { from: ['dispatched'], to: 'handled' }, // 处置 reported done
  rework: { from: ['handled'], to: 'dispatched' }, // 核查不通过 → 返工
  close: { from: ['handled'], to: 'closed' }, // 核查通过 → 结案
  evaluate: { from: ['closed'], to: 'evaluated' }, // 考核 (and the hotline call-back 回访)
} as const satisfies Record<string, { from: readonly (Stage | null)[]; to: Stage }>;
export type Action = keyof typeof ACTIONS;

/**
 * Actions that leave the stage unchanged but are part of the trail: 催办 urge, 督办 supervise, and
 * under split dispatch (多头派单) one department's handling or return while others still work on
 * the case (part_handle, part_return). Split dispatch: the case is handled when no department is
 * still assigned and at least one has handled it; it is returned when every department returned it.
 */
export const NOTES = ['urge', 'supervise', 'part_handle', 'part_return'] as const;
export type NoteAction = (typeof NOTES)[number];

export function isAction(name: string): name is Action {
  return Object.hasOwn(ACTIONS, name);
}

/** After verification fails this many times the case is flagged for supervision (督办). */
export const SUPERVISE_AFTER_REWORKS = 3;

/** The stage an action leads to from `stage`, or null when the loop does not allow it. */
export function nextStage(stage: Stage | null, action: Action): Stage | null {
  const rule = ACTIONS[action];
  return (rule.from as readonly (Stage | null)[]).includes(stage) ? rule.to : null;
}

export interface TrailStep {
  action: string;
  fromStage: string | null;
  toStage: string;
}

/** Why a trail breaks the loop, or null when every step follows from the one before. */
export function trailError(trail: readonly TrailStep[]): string | null {
  let stage: Stage | null = null;
  for (const [i, step] of trail.entries()) {
    if (step.fromStage !== stage) return `step ${i} (${step.action}) starts at ${step.fromStage}, case was ${stage}`;
    if ((NOTES as readonly string[]).includes(step.action)) {
      if (step.toStage !== stage || stage === null || !OPEN_STAGES.includes(stage)) {
        return `step ${i} (${step.action}) must keep an open case in its stage`;
      }
      continue;
    }
    if (!isAction(step.action)) return `step ${i}: unknown action ${step.action}`;
    const to = nextStage(stage, step.action);
    if (to === null || to !== step.toStage) return `step ${i}: ${step.action} cannot go ${stage} → ${step.toStage}`;
    stage = to;
  }
  return trail.length === 0 ? 'empty trail' : null;
}
