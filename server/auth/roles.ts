// Who may see what: the role groups routes declare, and the personal-data policy the queries apply.
// The groups are listed in server/contracts/constants.ts, so the web gates its pages with the same ones.
import { ACTORS, type Role } from '../contracts/constants.ts';

export { ACTORS, ANALYSTS, COMMANDERS, CREWS, DESK, EVERYONE, FIELD_REPORTERS, LEADER_ONLY, STAFF } from '../contracts/constants.ts';

/** Phones of chiefs, stewards and patrollers (printed on public signs, but never shown to visitors). */
export function seesStaffPhones(role: Role): boolean {
  return role !== 'demo';
}

/** Names and live positions of patrollers, alley chiefs and field staff (the emergency view's units and
 *  instructions): never shown to visitors. */
export function seesStaffPositions(role: Role): boolean {
  return role !== 'demo';
}

/** A case reporter's name and phone: only those who act on the case, never planners or visitors. */
export function seesReporter(role: Role): boolean {
  return ACTORS.includes(role);
}
