// The channel topics bound to a draft (docs/PROTOCOL.md, topic.bind): the discussions about it,
// each a link into the team's chat.
import type { BoundTopic } from '../../../protocol/chat';
import { formatDateTime } from '../../../i18n/format';
import { Link } from '../../components/Link';
import { useT } from '../../hooks/useStores';

export function DraftTopics({ teamId, topics }: { teamId: number; topics: BoundTopic[] }) {
  const t = useT();
  return (
    <section className="panel draft-panel" aria-labelledby="draft-topics-heading">
      <h2 id="draft-topics-heading" className="section-title">{t('drafts.topics')}</h2>
      {topics.length === 0 ? <p>{t('drafts.topics_none')}</p> : (
        <ul className="draft-topics">
          {topics.map((tp) => (
            <li key={tp.id}>
              <Link href={`/teams/${teamId}?channel=${tp.channel_id}&topic=${encodeURIComponent(tp.name)}`}>
                # {tp.channel_name} › {tp.name}
              </Link>
              {' '}<span className="muted">({t('drafts.topic_messages', { count: tp.message_count })}, {formatDateTime(tp.last_activity_at)})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
