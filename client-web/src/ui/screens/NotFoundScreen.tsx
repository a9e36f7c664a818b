import { Link } from '../components/Link';
import { Page } from '../components/Page';
import { useT } from '../hooks/useStores';

export function NotFoundScreen() {
  const t = useT();
  return (
    <Page title={t('notfound.title')} narrow>
      <p>{t('notfound.text')}</p>
      <p><Link href="/">{t('notfound.home')}</Link></p>
    </Page>
  );
}
