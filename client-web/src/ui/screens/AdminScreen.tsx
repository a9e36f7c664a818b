import type { MessageKey } from '../../i18n/catalogue';
import { ADMIN_TABS, routeHref, type AdminTab } from '../../state/router';
import { Link } from '../components/Link';
import { Page } from '../components/Page';
import { Notice } from '../components/Status';
import { useSession, useT } from '../hooks/useStores';
import { AdminOrgs } from './admin/AdminOrgs';
import { AdminSupplierSettings } from './admin/AdminSupplierSettings';
import { AdminTeams } from './admin/AdminTeams';
import { AdminUsers } from './admin/AdminUsers';

const TAB_KEYS: Record<AdminTab, MessageKey> = {
  users: 'admin.users',
  organisations: 'admin.organisations',
  teams: 'admin.teams',
  suppliers: 'admin.suppliers',
};

export function AdminScreen({ tab }: { tab: AdminTab }) {
  const t = useT();
  const { user } = useSession();
  if (!user?.is_admin) {
    return (
      <Page title={t('admin.title')}>
        <Notice kind="error">{t('admin.only_admins')}</Notice>
      </Page>
    );
  }
  return (
    <Page title={`${t('admin.title')}: ${t(TAB_KEYS[tab])}`}>
      <nav className="subnav" aria-label={t('admin.sections')}>
        <ul>
          {ADMIN_TABS.map((name) => (
            <li key={name}>
              <Link href={routeHref({ name: 'admin', tab: name })} ariaCurrent={name === tab ? 'page' : undefined}>
                {t(TAB_KEYS[name])}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {tab === 'users' ? <AdminUsers /> : null}
      {tab === 'organisations' ? <AdminOrgs /> : null}
      {tab === 'teams' ? <AdminTeams /> : null}
      {tab === 'suppliers' ? <AdminSupplierSettings /> : null}
    </Page>
  );
}
