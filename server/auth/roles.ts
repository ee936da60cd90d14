// Who may see what: the role groups routes declare, and the personal-data policy the queries apply.
import { ROLES, type Role } from '../contracts/common.ts';

export const EVERYONE: readonly Role[] = ROLES;
/** Staff: every role except the visitors' demo mode. */
export const STAFF: readonly Role[] = ROLES.filter((r) => r !== 'demo');

/** Phones of chiefs, stewards and patrollers (printed on public signs, but never shown to visitors). */
export function seesStaffPhones(role: Role): boolean {
  return role !== 'demo';
}

/** A case reporter's name and phone: only those who act on the case, never planners or visitors. */
export function seesReporter(role: Role): boolean {
  return role === 'leader' || role === 'commander' || role === 'dispatcher' || role === 'field';
}
