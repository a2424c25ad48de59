import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { groupRowHeight, layoutRows, profileRowHeight, rowAt, rowHeightAt } from '../lib/row-layout';
import { useNow } from '../lib/use-now';
import { useStores } from '../stores-context';
import type { ListRow } from '../stores/profiles-store';
import { DoorMark } from './DoorCountdown';
import { profileStatus } from './outcome-text';
import { ProfileRow } from './ProfileRow';

const overscan = 6;

/**
 * The profile list, virtualised by hand: only the rows in view (plus a few)
 * are in the DOM, so 5,000 profiles render and filter as fast as 50. Group
 * headers are shorter than profile rows; with two fixed heights the layout is
 * a running sum (lib/row-layout), no measuring. A library (react-window,
 * ~6 KB) would do the same; this is small enough to own.
 *
 * Keyboard: a roving tabindex over the rows' main buttons (one Tab stop for
 * the whole list); arrows, Page Up/Down, Home/End move; Enter opens; Tab from
 * the current row reaches its Connect button.
 */
export function ProfileList({ onOpen }: { onOpen(id: string): void }) {
  const { t, i18n } = useTranslation();
  const { profiles, runs } = useStores();
  const rows = useStore(profiles, (s) => s.rows);
  const selectedId = useStore(profiles, (s) => s.selectedId);
  const toggleGroup = useStore(profiles, (s) => s.toggleGroup);
  const last = useStore(runs, (s) => s.last);
  const running = useStore(runs, (s) => s.runs);
  const start = useStore(runs, (s) => s.start);
  const now = useNow();

  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const [active, setActive] = useState(0);
  const focusPending = useRef(false);
  const layout = useMemo(() => layoutRows(rows), [rows]);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setViewport(el.clientHeight || 600);
    const observer = new ResizeObserver(() => setViewport(el.clientHeight || 600));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const activeIndex = Math.min(active, Math.max(rows.length - 1, 0));
  const first = Math.max(0, rowAt(layout, scrollTop) - overscan);
  const end = Math.min(rows.length, rowAt(layout, scrollTop + viewport) + 1 + overscan);

  const moveTo = useCallback(
    (index: number) => {
      const el = scroller.current;
      const next = Math.max(0, Math.min(rows.length - 1, index));
      setActive(next);
      if (el) {
        const top = layout.tops[next] ?? 0;
        const height = rowHeightAt(layout, next);
        if (top < el.scrollTop) el.scrollTop = top;
        else if (top + height > el.scrollTop + el.clientHeight) el.scrollTop = top + height - el.clientHeight;
        setScrollTop(el.scrollTop);
      }
      focusPending.current = true;
    },
    [rows.length, layout],
  );

  // Focus moves after render: the target row may only now have been mounted by the scroll.
  useEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    scroller.current?.querySelector<HTMLElement>(`[data-row="${activeIndex}"] .row-main`)?.focus();
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!(event.target as HTMLElement).classList.contains('row-main')) return;
    // A page is what fits in view; measured in profile rows, the taller kind.
    const page = Math.max(1, Math.floor(viewport / profileRowHeight) - 1);
    const keys: Record<string, number> = {
      ArrowDown: activeIndex + 1,
      ArrowUp: activeIndex - 1,
      PageDown: activeIndex + page,
      PageUp: activeIndex - page,
      Home: 0,
      End: rows.length - 1,
    };
    const target = keys[event.key];
    if (target === undefined) return;
    event.preventDefault();
    moveTo(target);
  };

  const renderRow = (row: ListRow, index: number) => {
    const tabIndex = index === activeIndex ? 0 : -1;
    const top = layout.tops[index] ?? 0;
    if (row.kind === 'group') {
      const name = row.group === '' ? t('list.noGroup') : row.group;
      return (
        <li key={`g:${row.group}`} data-row={index} className="row group-row" style={{ top, height: groupRowHeight }}>
          <button
            type="button"
            className="row-main group-toggle"
            aria-expanded={!row.collapsed}
            tabIndex={tabIndex}
            onFocus={() => setActive(index)}
            onClick={() => toggleGroup(row.group)}
          >
            <span aria-hidden="true" className="chevron">
              {row.collapsed ? '▸' : '▾'}
            </span>
            <span className="group-name" translate={row.group === '' ? undefined : 'no'}>
              {name}
            </span>
            {/* Visible as "Prod (12)", so the button's name is what it shows. */}
            {' '}
            <span className="group-count">({row.count})</span>
          </button>
        </li>
      );
    }
    const p = row.profile;
    const run = running[p.id];
    const busy = run?.status === 'running';
    return (
      <ProfileRow
        key={p.id}
        profile={p}
        index={index}
        top={top}
        height={profileRowHeight}
        selected={p.id === selectedId}
        tabIndex={tabIndex}
        status={profileStatus(t, i18n.language, now, run, last[p.id])}
        badges={[...(p.draft ? [<span key="draft" className="badge">{t('list.draft')}</span>] : []), <DoorMark key="door" profileId={p.id} />]}
        service={t('list.service', { service: t(`editor.services.${p.service.kind}`), port: p.service.port })}
        connect={{ label: t('list.connect'), ariaLabel: t('list.connectTo', { name: p.name }), disabled: p.draft || busy }}
        onFocus={() => setActive(index)}
        onOpen={() => onOpen(p.id)}
        onConnect={() => {
          onOpen(p.id);
          void start(p.id, 'connect');
        }}
      />
    );
  };

  return (
    <div
      ref={scroller}
      className="list-scroll"
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
      data-testid="profile-list"
    >
      <ul className="list" aria-label={t('list.label')} style={{ height: layout.height }}>
        {rows.slice(first, end).map((row, i) => renderRow(row, first + i))}
      </ul>
    </div>
  );
}
