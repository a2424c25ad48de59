import { useCallback, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useStore } from 'zustand';
import { useStores } from '../stores-context';
import type { ListRow } from '../stores/profiles-store';
import { outcomeText } from './outcome-text';

/** Fixed row height: lets the window be computed from scrollTop alone (no measuring 5,000 rows). */
export const rowHeight = 52;
const overscan = 6;

/**
 * The profile list, virtualised by hand: only the rows in view (plus a few)
 * are in the DOM, so 5,000 profiles render and filter as fast as 50. A
 * library (react-window, ~6 KB) would do the same; fixed-height rows make it
 * small enough to own, with no extra dependency to audit.
 *
 * Keyboard: a roving tabindex over the rows' main buttons (one Tab stop for
 * the whole list); arrows, Page Up/Down, Home/End move; Enter opens; Tab from
 * the current row reaches its Connect button.
 */
export function ProfileList({ onOpen }: { onOpen(id: string): void }) {
  const { t } = useTranslation();
  const { profiles, runs } = useStores();
  const rows = useStore(profiles, (s) => s.rows);
  const selectedId = useStore(profiles, (s) => s.selectedId);
  const toggleGroup = useStore(profiles, (s) => s.toggleGroup);
  const last = useStore(runs, (s) => s.last);
  const running = useStore(runs, (s) => s.runs);
  const start = useStore(runs, (s) => s.start);

  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(600);
  const [active, setActive] = useState(0);
  const focusPending = useRef(false);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    setViewport(el.clientHeight || 600);
    const observer = new ResizeObserver(() => setViewport(el.clientHeight || 600));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const activeIndex = Math.min(active, Math.max(rows.length - 1, 0));
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last_ = Math.min(rows.length, Math.ceil((scrollTop + viewport) / rowHeight) + overscan);

  const moveTo = useCallback(
    (index: number) => {
      const el = scroller.current;
      const next = Math.max(0, Math.min(rows.length - 1, index));
      setActive(next);
      if (el) {
        const top = next * rowHeight;
        if (top < el.scrollTop) el.scrollTop = top;
        else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
        setScrollTop(el.scrollTop);
      }
      focusPending.current = true;
    },
    [rows.length],
  );

  // Focus moves after render: the target row may only now have been mounted by the scroll.
  useEffect(() => {
    if (!focusPending.current) return;
    focusPending.current = false;
    scroller.current?.querySelector<HTMLElement>(`[data-row="${activeIndex}"] .row-main`)?.focus();
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (!(event.target as HTMLElement).classList.contains('row-main')) return;
    const page = Math.max(1, Math.floor(viewport / rowHeight) - 1);
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
    if (row.kind === 'group') {
      const name = row.group === '' ? t('list.noGroup') : row.group;
      return (
        <li key={`g:${row.group}`} data-row={index} className="row group-row" style={{ top: index * rowHeight }}>
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
            {t('list.groupCount', { group: name, count: row.count })}
          </button>
        </li>
      );
    }
    const p = row.profile;
    const run = running[p.id];
    const busy = run?.status === 'running';
    return (
      <li key={p.id} data-row={index} className={`row profile-row${p.id === selectedId ? ' selected' : ''}`} style={{ top: index * rowHeight }}>
        <button
          type="button"
          className="row-main"
          aria-current={p.id === selectedId ? 'true' : undefined}
          tabIndex={tabIndex}
          onFocus={() => setActive(index)}
          onClick={() => onOpen(p.id)}
        >
          <span className="row-name">
            {p.name}
            {p.draft ? <span className="badge">{t('list.draft')}</span> : null}
          </span>
          <span className="row-sub">
            {p.host ?? '—'} · {busy ? t('list.running') : outcomeText(t, last[p.id])}
          </span>
        </button>
        <button
          type="button"
          className="row-connect"
          tabIndex={tabIndex}
          disabled={p.draft || busy}
          aria-label={t('list.connectTo', { name: p.name })}
          onClick={() => {
            onOpen(p.id);
            void start(p.id, 'connect');
          }}
        >
          {t('list.connect')}
        </button>
      </li>
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
      <ul className="list" aria-label={t('list.label')} style={{ height: rows.length * rowHeight }}>
        {rows.slice(first, last_).map((row, i) => renderRow(row, first + i))}
      </ul>
    </div>
  );
}
