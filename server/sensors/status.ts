// A sensor's status, defined once as SQL: what its last reading made it (normal or alarm), or offline
// once it has been silent for three of its reporting intervals. The map's sensors tile, /api/sensors and
// an incident's impact all show this; the stored `status` column alone is only the alarm state.
import { OFFLINE_AFTER_INTERVALS, REPORT_EVERY_MIN } from '../domain/alarms.ts';

/** The status of the sensor row aliased `alias` ('normal' | 'alarm' | 'offline'), read at now(). The
 *  intervals are literals (constants, not input); a kind without one counts an hour. */
export function sensorStatusSql(alias = 's'): string {
  const minutes = Object.entries(REPORT_EVERY_MIN)
    .map(([kind, m]) => `when '${kind}' then ${m}`)
    .join(' ');
  return `(case when ${alias}.last_reading_at is null
      or ${alias}.last_reading_at < now() - make_interval(mins => ${OFFLINE_AFTER_INTERVALS} * (case ${alias}.kind ${minutes} else 60 end))
    then 'offline' else ${alias}.status end)`;
}
