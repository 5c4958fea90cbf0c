/**
 * What a refused request may not touch: every public and private key of the simulated channel
 * and its committed events. A snapshot before and a diff after show what, if anything, moved.
 */
import type { TestAlliance } from '@points-alliance/chaincode/dist/test-support/alliance';

export interface LedgerSnapshot {
  state: Record<string, string>;
  events: number;
}

export function snapshot(alliance: TestAlliance): LedgerSnapshot {
  return {
    state: { ...alliance.publicState(), ...alliance.privateState() },
    events: alliance.net.events.length,
  };
}

/** Keys whose value changed since the snapshot, and `events +N` if events were committed. */
export function changesSince(alliance: TestAlliance, before: LedgerSnapshot): string[] {
  const after = snapshot(alliance);
  const keys = new Set([...Object.keys(before.state), ...Object.keys(after.state)]);
  const changed = [...keys].filter((key) => before.state[key] !== after.state[key]).sort();
  if (after.events !== before.events) changed.push(`events +${after.events - before.events}`);
  return changed;
}

/** Runs `work` and asserts that the ledger is exactly as it was before. */
export async function expectNothingWritten<T>(
  alliance: TestAlliance,
  work: () => Promise<T>,
): Promise<T> {
  const before = snapshot(alliance);
  const result = await work();
  expect(changesSince(alliance, before)).toEqual([]);
  return result;
}

/** Every committed event's name and payload, as text: to search for leaked values. */
export function eventTexts(alliance: TestAlliance): string[] {
  return alliance.net.events.map((event) => `${event.name} ${event.payload.toString('utf8')}`);
}
