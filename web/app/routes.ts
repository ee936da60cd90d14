// The app's pages and their paths: how users and other systems reach them (bookmarks, the wall's
// kiosk URL, QR signs), so a path once published stays. Each page keeps its own state in the query
// string (?mode, ?incident, ?case, ?cell, ?alley, ?sensor … on the cockpit).
export const PATHS = {
  /** The leader cockpit (领导驾驶舱) and its emergency command mode (?mode=emergency). */
  cockpit: '/',
  /** The field terminal for units on emergency instructions (?unit=…). */
  field: '/field',
  /** The planner's workspace (分析研判): hot spots, 热线+网格, seasons, recurring places, drill-down (?from&to&category&analysis …). */
  planner: '/planner',
  /** The delegation tour (参观调研): self-running, bilingual, no sign-in (?scene=N, ?lang=en). */
  demo: '/demo',
} as const;
