/**
 * The explorer's shell: one view per URL hash (#/alliance, #/merchant, #/member, #/audit), so
 * page addresses never meet the gateway's API paths, and who is signed in.
 */
import { useEffect, useState } from 'preact/hooks';
import { StaffSignIn } from './components/staff-sign-in';
import { orgOfStaffKey, saveStaffKey, savedStaffKey, type MemberSession } from './session';
import { AllianceView } from './views/alliance';
import { AuditView } from './views/audit';
import { MemberView } from './views/member';
import { MerchantView } from './views/merchant';

const VIEWS = [
  ['alliance', 'Alliance'],
  ['merchant', 'Merchant'],
  ['member', 'Member'],
  ['audit', 'Audit'],
] as const;
type View = (typeof VIEWS)[number][0];

function viewOfHash(hash: string): View {
  const name = hash.replace(/^#\/?/, '');
  return VIEWS.find(([view]) => view === name)?.[0] ?? 'alliance';
}

export function App() {
  const [view, setView] = useState<View>(viewOfHash(location.hash));
  const [staffKey, setStaffKey] = useState(savedStaffKey());
  const [member, setMember] = useState<MemberSession>();
  useEffect(() => {
    const follow = () => setView(viewOfHash(location.hash));
    addEventListener('hashchange', follow);
    return () => removeEventListener('hashchange', follow);
  }, []);
  const org = orgOfStaffKey(staffKey);
  const useStaffKey = (key: string) => {
    saveStaffKey(key);
    setStaffKey(key);
  };
  const staffOnly = (content: (key: string, org: string) => preact.ComponentChildren) =>
    org ? (
      <>
        <p class="who">
          Staff of <strong>{org}</strong>{' '}
          <button type="button" class="link" onClick={() => useStaffKey('')}>
            Sign out
          </button>
        </p>
        {content(staffKey, org)}
      </>
    ) : (
      <StaffSignIn onKey={useStaffKey} />
    );
  return (
    <>
      <header>
        <h1>Points Alliance explorer</h1>
        <nav>
          {VIEWS.map(([name, label]) => (
            <a key={name} href={`#/${name}`} aria-current={view === name ? 'page' : undefined}>
              {label}
            </a>
          ))}
        </nav>
      </header>
      <main>
        {view === 'alliance' && <AllianceView />}
        {view === 'merchant' &&
          staffOnly((key, staffOrg) => <MerchantView staffKey={key} org={staffOrg} />)}
        {view === 'member' && <MemberView session={member} onSession={setMember} />}
        {view === 'audit' && staffOnly((key) => <AuditView staffKey={key} />)}
      </main>
    </>
  );
}
