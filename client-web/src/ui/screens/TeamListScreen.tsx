import type { Team } from '../../protocol/types';
import { Link } from '../components/Link';
import { Page } from '../components/Page';
import { Badge, LoadError, Loading } from '../components/Status';
import { useServices } from '../context';
import { useAsync } from '../hooks/useAsync';
import { useOnReconnect, useSocketEvent } from '../hooks/useSocketEvent';
import { useT } from '../hooks/useStores';
import { ROLE_KEYS } from '../labels';

function TeamCard({ team }: { team: Team }) {
  const t = useT();
  return (
    <li className="team-card" data-team-id={team.id}>
      <h3 className="team-card__name">
        <Link href={`/teams/${team.id}`}>{team.name}</Link>
      </h3>
      {team.description ? <p className="team-card__description">{team.description}</p> : null}
      <dl className="team-card__facts">
        <div>
          <dt>{t('teams.my_role')}</dt>
          <dd>
            {team.my_role ? <Badge tone="accent">{t(ROLE_KEYS[team.my_role])}</Badge> : t('teams.not_member')}
          </dd>
        </div>
        <div>
          <dt>{t('teams.member_count')}</dt>
          <dd>{team.member_count}</dd>
        </div>
      </dl>
    </li>
  );
}

export function TeamListScreen() {
  const t = useT();
  const { api } = useServices();
  const teams = useAsync(() => api.request('team.list', {}).then((a) => a.teams), [api]);
  useSocketEvent('team.updated', teams.reload);
  useSocketEvent('team.member_added', teams.reload);
  useSocketEvent('team.member_removed', teams.reload);
  useSocketEvent('team.member_updated', teams.reload);
  useOnReconnect(teams.reload);

  const active = teams.data?.filter((team) => !team.archived) ?? [];
  const archived = teams.data?.filter((team) => team.archived) ?? [];
  return (
    <Page title={t('teams.title')}>
      <p className="lead">{t('teams.intro')}</p>
      {teams.error ? <LoadError error={teams.error} onRetry={teams.reload} /> : null}
      {teams.data === undefined && !teams.error ? <Loading /> : null}
      {teams.data !== undefined ? (
        <section aria-labelledby="teams-active">
          <h2 id="teams-active" className="section-title">{t('teams.active')}</h2>
          {active.length === 0 ? <p className="muted">{t('teams.none')}</p> : (
            <ul className="team-grid">{active.map((team) => <TeamCard key={team.id} team={team} />)}</ul>
          )}
        </section>
      ) : null}
      {archived.length > 0 ? (
        <section aria-labelledby="teams-archived">
          <h2 id="teams-archived" className="section-title">{t('teams.archived')}</h2>
          <ul className="team-grid team-grid--archived">
            {archived.map((team) => <TeamCard key={team.id} team={team} />)}
          </ul>
        </section>
      ) : null}
    </Page>
  );
}
