/** The audit view (staff): the channel's transactions with filters and cursor paging. */
import { useState } from 'preact/hooks';
import { call, queryString } from '../api';
import { AuditPages } from '../components/audit-table';
import { Field, type FieldKind } from '../components/field';
import { utcInstant } from '../format';
import type { AuditPage } from '../types';

interface Filters {
  member: string;
  token: string;
  org: string;
  type: string;
  from: string;
  to: string;
}

const NO_FILTERS: Filters = { member: '', token: '', org: '', type: '', from: '', to: '' };
const FIELDS: [keyof Filters, string, FieldKind][] = [
  ['member', 'Member', 'text'],
  ['token', 'Token', 'text'],
  ['org', 'Org', 'text'],
  ['type', 'Type', 'text'],
  ['from', 'From (UTC)', 'datetime-local'],
  ['to', 'To (UTC)', 'datetime-local'],
];

export function AuditView({ staffKey }: { staffKey: string }) {
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  // Each search starts again at the newest page, even with the same filters.
  const [searches, setSearches] = useState(0);
  const load = (cursor: string | undefined) =>
    call<AuditPage>(
      'GET',
      `/audit${queryString({
        member: filters.member,
        token: filters.token,
        org: filters.org,
        type: filters.type,
        from: utcInstant(filters.from),
        to: utcInstant(filters.to),
        cursor,
        limit: 25,
      })}`,
      { bearer: staffKey },
    );
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">Audit trail</h2>
      <form
        id="audit-filters"
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters({ ...draft });
          setSearches((n) => n + 1);
        }}
      >
        {FIELDS.map(([name, label, kind]) => (
          <Field
            key={name}
            name={name}
            label={label}
            kind={kind}
            value={draft[name]}
            onValue={(value) => setDraft({ ...draft, [name]: value })}
          />
        ))}
        <button type="submit">Filter</button>
      </form>
      <AuditPages key={searches} load={load} />
    </section>
  );
}
