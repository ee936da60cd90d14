// One click from an open alarm (a sensor's or a crowd area's) into emergency command on its incident:
// the cockpit's alarm lists and the sensor drawer both offer it, to leaders and commanders only.
import { COMMANDERS } from '../../server/contracts/constants.ts';
import { useOpenIncident } from '../api/emergency.ts';
import { enterEmergency } from '../app/mode.ts';
import { useSession } from '../app/session.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** One click from an open alarm (a sensor's or a crowd area's) to commanding its incident; leaders and commanders only. */
export function RaiseFromAlarm({
  source,
  label,
  onRaised,
  className = 'danger',
}: {
  source: { sensor: string } | { crowdArea: string };
  label: string;
  onRaised?(): void;
  className?: string;
}) {
  const i18n = useI18n();
  const role = useSession()?.role;
  const open = useOpenIncident();
  if (!role || !COMMANDERS.includes(role)) return null;
  return (
    <>
      <button
        type="button"
        className={className}
        data-testid="raise-from-alarm"
        data-source={'sensor' in source ? source.sensor : source.crowdArea}
        disabled={open.isPending}
        onClick={() =>
          open.mutate(source, {
            onSuccess: (made) => {
              onRaised?.();
              enterEmergency(made.code);
            },
          })
        }
      >
        {label}
      </button>
      {open.error && (
        <p className="error-text" role="alert">
          {i18n.error(open.error)}
        </p>
      )}
    </>
  );
}
