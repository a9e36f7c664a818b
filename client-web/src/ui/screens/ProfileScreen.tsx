import { Page } from '../components/Page';
import { useT } from '../hooks/useStores';
import { ProfileCalendarFeed } from './profile/ProfileCalendarFeed';
import { ProfileDetails } from './profile/ProfileDetails';
import { ProfilePassword } from './profile/ProfilePassword';
import { ProfileTokens } from './profile/ProfileTokens';

export function ProfileScreen() {
  const t = useT();
  return (
    <Page title={t('profile.title')}>
      <div className="stack">
        <ProfileDetails />
        <ProfilePassword />
        <ProfileTokens />
        <ProfileCalendarFeed />
      </div>
    </Page>
  );
}
