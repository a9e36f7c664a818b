// The header's notification button: an unread badge that moves live (`notification` events),
// and a list that links to the message's channel and topic. Hidden when the server has no
// chat yet (unknown_op).
import { useEffect, useState } from 'react';
import { NOTIFICATION_LIST_LIMIT } from '../../../config';
import { formatDateTime } from '../../../i18n/format';
import type { ChatNotification, NotificationKind } from '../../../protocol/chat';
import { isApiError } from '../../../protocol/errors';
import { Button } from '../../components/Button';
import { useServices } from '../../context';
import { useOnReconnect, useSocketEvent } from '../../hooks/useSocketEvent';
import { useConnectionStatus, useT } from '../../hooks/useStores';
import { markdown } from '../../markdown';
import { meetingHref } from '../meetings/common';

/** A message's excerpt is Markdown: shown as the text it renders to. Meeting titles and action texts are plain. */
const MESSAGE_KINDS: ReadonlySet<NotificationKind> = new Set(['mention', 'reply', 'pin']);
export function excerptText(n: Pick<ChatNotification, 'kind' | 'excerpt'>): string {
  return MESSAGE_KINDS.has(n.kind) ? markdown().text(n.excerpt) : n.excerpt;
}

const KIND_KEYS = {
  mention: 'notifications.kind_mention',
  reply: 'notifications.kind_reply',
  pin: 'notifications.kind_pin',
  meeting_reminder: 'notifications.kind_meeting_reminder',
  meeting_scheduled: 'notifications.kind_meeting_scheduled',
  meeting_cancelled: 'notifications.kind_meeting_cancelled',
  action_overdue: 'notifications.kind_action_overdue',
} as const satisfies Record<NotificationKind, string>;

/** Where a notification leads: the follow-up case, the meeting occurrence, or the message's topic. */
export function notificationHref(n: ChatNotification): string {
  if (n.kind === 'action_overdue') {
    if (n.case_id != null) return `/cases/${n.case_id}`;
    if (n.supplier_id != null) return `/suppliers/${n.supplier_id}`;
  }
  if (n.meeting_id != null) return meetingHref(n.team_id, n.meeting_id, n.occurrence ?? null);
  return `/teams/${n.team_id}?channel=${n.channel_id ?? ''}&topic=${encodeURIComponent(n.topic)}`;
}

export function NotificationMenu() {
  const t = useT();
  const { api, navigator } = useServices();
  const status = useConnectionStatus();
  const [list, setList] = useState<ChatNotification[]>([]);
  const [unread, setUnread] = useState(0);
  const [supported, setSupported] = useState(true);
  const [open, setOpen] = useState(false);
  const [tick, setTick] = useState(0);

  useEffect(() => {
    if (status !== 'online') return;
    let live = true;
    api.request('notification.list', { limit: NOTIFICATION_LIST_LIMIT }).then((a) => {
      if (!live) return;
      setList(a.notifications);
      setUnread(a.unread);
    }, (e: unknown) => {
      if (live && isApiError(e, 'unknown_op')) setSupported(false);
    });
    return () => {
      live = false;
    };
  }, [api, status === 'online', tick]);
  useOnReconnect(() => setTick((n) => n + 1));
  useSocketEvent('notification', (ev) => {
    setList((cur) => [ev.notification, ...cur.filter((n) => n.id !== ev.notification.id)]);
    if (!ev.notification.read) setUnread((n) => n + 1);
  });

  if (!supported) return null;

  const markRead = (fields: { ids: number[] } | { all: true }) => {
    api.request('notification.read', fields).then((a) => setUnread(a.unread), () => {});
    setList((cur) => cur.map((n) => ('all' in fields || fields.ids.includes(n.id) ? { ...n, read: true } : n)));
  };
  const openOne = (n: ChatNotification) => {
    if (!n.read) markRead({ ids: [n.id] });
    setOpen(false);
    navigator.navigate(notificationHref(n));
  };

  return (
    <div className="notifications">
      <Button small variant="link" ariaExpanded={open} ariaControls="notification-list" onClick={() => setOpen(!open)}>
        {t('notifications.button')}
        {unread > 0 ? (
          <span className="chat-badge chat-badge--mention" data-testid="notification-badge" data-unread={unread}>
            {unread}<span className="visually-hidden"> {t('notifications.unread', { count: unread })}</span>
          </span>
        ) : null}
      </Button>
      <div id="notification-list" className="notifications__panel" hidden={!open}>
        {open ? (
          <>
            <h2 className="notifications__heading">{t('notifications.heading')}</h2>
            {list.length === 0 ? <p>{t('notifications.none')}</p> : (
              <ul>
                {list.map((n) => (
                  <li key={n.id} className={n.read ? 'notification' : 'notification notification--unread'} data-kind={n.kind}>
                    <button type="button" className="notification__open" onClick={() => openOne(n)}>
                      <span className="notification__what">
                        {t(KIND_KEYS[n.kind] ?? 'notifications.kind_unknown', {
                          actor: n.actor_name ?? '', topic: n.topic,
                          when: n.start_utc ? formatDateTime(n.start_utc) : '',
                        })}
                        {n.read ? null : <span className="visually-hidden"> ({t('notifications.unread_one')})</span>}
                      </span>
                      <span className="notification__excerpt">{excerptText(n)}</span>
                      <span className="notification__time">{formatDateTime(n.created_at)}</span>
                    </button>
                  </li>
                ))}
              </ul>
            )}
            {unread > 0 ? <Button small onClick={() => markRead({ all: true })}>{t('notifications.mark_all')}</Button> : null}
          </>
        ) : null}
      </div>
    </div>
  );
}
