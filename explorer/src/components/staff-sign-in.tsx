/** Where staff give their gateway API key; the merchant and audit views need one. */
import { useState } from 'preact/hooks';
import { orgOfStaffKey } from '../session';
import { Field } from './field';

export function StaffSignIn({ onKey }: { onKey(key: string): void }) {
  const [key, setKey] = useState('');
  const [problem, setProblem] = useState<string>();
  return (
    <form
      class="panel"
      id="staff-sign-in"
      onSubmit={(event) => {
        event.preventDefault();
        if (!orgOfStaffKey(key.trim())) {
          setProblem('That is not a staff API key: they read pa.<org>.<id>.<secret>');
          return;
        }
        onKey(key.trim());
      }}
    >
      <h3>Staff sign-in</h3>
      <Field
        name="staffKey"
        label="Staff API key"
        kind="password"
        required
        value={key}
        onValue={(value) => {
          setKey(value);
          setProblem(undefined);
        }}
      />
      <button type="submit">Use this key</button>
      {problem && (
        <p class="error" role="alert">
          {problem}
        </p>
      )}
    </form>
  );
}
