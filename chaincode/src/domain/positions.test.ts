import type { Obligation } from './model';
import { netPositions } from './positions';

function obligation(
  debtor: string,
  creditor: string,
  agreementId: string,
  points: number,
  status: Obligation['status'] = 'open',
): Obligation {
  return {
    id: `${agreementId}-${points}-${status}`,
    debtor,
    creditor,
    agreementId,
    memberId: 'm',
    pointsGiven: points,
    pointsReceived: points,
    fee: 0,
    status,
    createdAt: '2026-03-01T00:00:00.000Z',
    period: '2026-03',
  };
}

const prices: Record<string, { pricePerThousandPointsMinor: number; currency: string }> = {
  'a-to-b': { pricePerThousandPointsMinor: 1000, currency: 'EUR' },
  'b-to-a': { pricePerThousandPointsMinor: 3, currency: 'EUR' },
  'a-to-b-usd': { pricePerThousandPointsMinor: 2000, currency: 'USD' },
};
const priceOf = (id: string) => {
  const price = prices[id];
  if (!price) throw new Error(id);
  return price;
};

describe('net positions', () => {
  it('nets money, not points, and never across currencies', () => {
    const positions = netPositions(
      'A',
      [
        obligation('A', 'B', 'a-to-b', 100),
        obligation('B', 'A', 'b-to-a', 1000),
        obligation('A', 'B', 'a-to-b-usd', 10),
        obligation('A', 'B', 'a-to-b', 7, 'settled'),
        obligation('C', 'D', 'a-to-b', 5),
      ],
      priceOf,
    );
    expect(positions).toEqual([
      {
        counterparty: 'B',
        currency: 'EUR',
        receivablePoints: 1000,
        payablePoints: 100,
        receivableMinor: 3,
        payableMinor: 100,
        netMinor: -97,
        settledReceivableMinor: 0,
        settledPayableMinor: 7,
      },
      {
        counterparty: 'B',
        currency: 'USD',
        receivablePoints: 0,
        payablePoints: 10,
        receivableMinor: 0,
        payableMinor: 20,
        netMinor: -20,
        settledReceivableMinor: 0,
        settledPayableMinor: 0,
      },
    ]);
  });

  it('rounds once, at the end, half away from zero', () => {
    const [position] = netPositions(
      'A',
      [obligation('B', 'A', 'b-to-a', 500), obligation('B', 'A', 'b-to-a', 500)],
      priceOf,
    );
    // 2 × 1.5 minor units: exactly 3, where rounding each obligation would give 4.
    expect(position).toMatchObject({ receivableMinor: 3, netMinor: 3 });
    const [owing] = netPositions('B', [obligation('B', 'A', 'b-to-a', 500)], priceOf);
    expect(owing).toMatchObject({ payableMinor: 2, netMinor: -2 });
  });
});
