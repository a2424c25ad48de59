import type { ReactNode } from 'react';
import type { ProfileSummary } from '../../../src-main/contract/features/profiles';
import type { ProfileStatus } from './outcome-text';

export interface ProfileRowProps {
  profile: ProfileSummary;
  index: number;
  top: number;
  height: number;
  selected: boolean;
  tabIndex: number;
  status: ProfileStatus;
  /** Small markers after the name ("incomplete", and whatever other features add). */
  badges: ReactNode[];
  /** The service as shown ("SSH :22"). */
  service: string;
  connect: { label: string; ariaLabel: string; disabled: boolean };
  onOpen(): void;
  onConnect(): void;
  onFocus(): void;
}

/**
 * One profile in the list: a status dot, the name with its badges, and a
 * second line with host, service and the status at a glance (a door open
 * now, a run's stage, or the last outcome and when). User data (names,
 * hosts) is marked translate="no": it is never text for the UI language.
 */
export function ProfileRow(props: ProfileRowProps) {
  const { profile: p, status } = props;
  return (
    <li
      data-row={props.index}
      data-status={status.kind}
      className={`row profile-row${props.selected ? ' selected' : ''}`}
      style={{ top: props.top, height: props.height }}
    >
      <button
        type="button"
        className="row-main"
        aria-current={props.selected ? 'true' : undefined}
        tabIndex={props.tabIndex}
        onFocus={props.onFocus}
        onClick={props.onOpen}
      >
        <span className="row-line">
          <span className={`status-dot status-${status.kind}`} aria-hidden="true" />
          {/* bdi: a right-to-left name must not pull the badges or the status text into it. */}
          <bdi className="row-name" translate="no">
            {p.name}
          </bdi>
          {props.badges}
        </span>
        <span className="row-sub">
          <bdi translate="no">{p.host ?? '—'}</bdi> · {props.service} · <span className={`row-status status-text-${status.kind}`}>{status.text}</span>
          {status.when ? <span className="row-when"> · {status.when}</span> : null}
        </span>
      </button>
      <button
        type="button"
        className="row-connect"
        tabIndex={props.tabIndex}
        disabled={props.connect.disabled}
        aria-label={props.connect.ariaLabel}
        onClick={props.onConnect}
      >
        {props.connect.label}
      </button>
    </li>
  );
}
