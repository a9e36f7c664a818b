import { useState } from 'react';
import type { Org } from '../../../protocol/types';
import {
  EMPTY_ORG_FORM, ORG_FORM_FIELDS, orgFormFromOrg, toOrgFields, validateOrgForm,
  type OrgFormField, type OrgFormValue,
} from '../../../state/orgForm';
import { hasErrors, type FieldErrors } from '../../../state/validation';
import { Button } from '../../components/Button';
import { Disclosure } from '../../components/Disclosure';
import { focusFirstError, Form, useSubmit } from '../../components/Form';
import { OrgFieldset } from '../../components/OrgFieldset';
import { LoadError, Loading, Notice } from '../../components/Status';
import { useServices } from '../../context';
import { errorKey } from '../../errors';
import { useAsync } from '../../hooks/useAsync';
import { useT } from '../../hooks/useStores';

interface OrgFormProps {
  org?: Org;
  onDone: (org: Org) => void;
  onCancel: () => void;
}

function OrgForm({ org, onDone, onCancel }: OrgFormProps) {
  const t = useT();
  const { api } = useServices();
  const prefix = org ? `org-${org.id}-` : 'new-org-';
  const [value, setValue] = useState<OrgFormValue>(org ? orgFormFromOrg(org) : EMPTY_ORG_FORM);
  const [errors, setErrors] = useState<FieldErrors<OrgFormField>>({});
  const submit = useSubmit();

  const onSubmit = () => submit.run(async () => {
    const found = validateOrgForm(value);
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstError(found, ORG_FORM_FIELDS, prefix);
      return;
    }
    const fields = toOrgFields(value);
    const answer = org
      ? await api.request('org.update', { ...fields, id: org.id })
      : await api.request('org.create', fields);
    onDone(answer.organisation);
  });

  return (
    <Form
      onSubmit={onSubmit}
      error={submit.error ? t(errorKey(submit.error, { conflict: 'admin.org_exists' })) : null}
    >
      <OrgFieldset
        idPrefix={prefix}
        legend={org ? t('admin.edit_org_legend', { name: org.name }) : t('admin.new_org_legend')}
        value={value}
        onChange={setValue}
        errors={errors}
      />
      <div className="form__actions">
        <Button type="submit" variant="primary" busy={submit.busy}>
          {org ? t('common.save') : t('admin.create_org')}
        </Button>
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
      </div>
    </Form>
  );
}

function identity(org: Org): string {
  return org.orgnr ?? org.foreign_id ?? '';
}

export function AdminOrgs() {
  const t = useT();
  const { api } = useServices();
  const orgs = useAsync(() => api.request('org.list', {}).then((a) => a.organisations), [api]);
  const [editing, setEditing] = useState<number | null>(null);
  const [created, setCreated] = useState<Org | null>(null);

  const saved = (org: Org) =>
    orgs.setData((cur) => {
      const list = cur ?? [];
      return list.some((o) => o.id === org.id) ? list.map((o) => (o.id === org.id ? org : o)) : [...list, org];
    });

  return (
    <section aria-labelledby="admin-orgs">
      <div className="panel__head">
        <h2 id="admin-orgs" className="section-title">{t('admin.organisations')}</h2>
      </div>
      <Disclosure id="new-org" label={t('admin.new_org')}>
        {(close) => (
          <div className="subpanel">
            <OrgForm onDone={(org) => { saved(org); setCreated(org); close(); }} onCancel={close} />
          </div>
        )}
      </Disclosure>
      {created ? <Notice kind="success">{t('admin.org_created', { name: created.name })}</Notice> : null}
      {orgs.error ? <LoadError error={orgs.error} onRetry={orgs.reload} /> : null}
      {!orgs.data && !orgs.error ? <Loading /> : null}
      {orgs.data && orgs.data.length === 0 ? <p className="muted">{t('admin.no_orgs')}</p> : null}
      {orgs.data && orgs.data.length > 0 ? (
        <div className="table-wrap">
          <table className="table">
            <caption className="visually-hidden">{t('admin.organisations')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('org.name')}</th>
                <th scope="col">{t('admin.org_identity')}</th>
                <th scope="col">{t('org.country')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {orgs.data.map((org) => (
                <OrgRows
                  key={org.id}
                  org={org}
                  editing={editing === org.id}
                  onEdit={() => setEditing(editing === org.id ? null : org.id)}
                  onDone={(o) => { saved(o); setEditing(null); }}
                  onCancel={() => setEditing(null)}
                />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}

interface OrgRowsProps {
  org: Org;
  editing: boolean;
  onEdit: () => void;
  onDone: (org: Org) => void;
  onCancel: () => void;
}

function OrgRows({ org, editing, onEdit, onDone, onCancel }: OrgRowsProps) {
  const t = useT();
  const editorId = `edit-org-${org.id}`;
  return (
    <>
      <tr data-org-id={org.id}>
        <th scope="row">{org.name}</th>
        <td className="mono">{identity(org)}</td>
        <td>{org.country}</td>
        <td>
          <Button
            small
            ariaExpanded={editing}
            ariaControls={editing ? editorId : undefined}
            ariaLabel={t('admin.edit_named', { name: org.name })}
            onClick={onEdit}
          >
            {t('common.edit')}
          </Button>
        </td>
      </tr>
      {editing ? (
        <tr className="table__editor" id={editorId}>
          <td colSpan={4}><OrgForm org={org} onDone={onDone} onCancel={onCancel} /></td>
        </tr>
      ) : null}
    </>
  );
}
