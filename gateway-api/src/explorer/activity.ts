/**
 * Figures over time for the explorer, folded from the audit index's committed events: the
 * outstanding supply of each token, the exchange volume between merchants, and a merchant's
 * member and point activity.
 */
import type { AuditRecord } from '../audit/audit-record';

export type ActivityEvent = Pick<AuditRecord, 'timestamp' | 'type' | 'payload'>;

export const BUCKETS = ['minute', 'hour', 'day'] as const;
export type Bucket = (typeof BUCKETS)[number];
const BUCKET_MS: Record<Bucket, number> = { minute: 60_000, hour: 3_600_000, day: 86_400_000 };

type Payload = Record<string, unknown>;
const amount = (value: unknown) => (typeof value === 'number' ? value : 0);
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * How each event moves its tokens' outstanding supply (issued minus redeemed), as the chaincode
 * mints and burns: an exchange burns the points given and the fee, and mints the points received.
 * Events not named here (cap changes, treasury folding, transfers) leave it as it is.
 */
export const SUPPLY_EFFECTS: Record<string, (payload: Payload) => [string, number][]> = {
  Earned: (p) => [[text(p.symbol), amount(p.points)]],
  LegacyImported: (p) => [[text(p.symbol), amount(p.points)]],
  EarnReversed: (p) => [[text(p.symbol), -amount(p.points)]],
  Redeemed: (p) => [[text(p.symbol), -amount(p.points)]],
  LegacyExported: (p) => [[text(p.symbol), -amount(p.points)]],
  PointsExpired: (p) => [[text(p.symbol), -amount(p.expired)]],
  Exchanged: (p) => [
    [text(p.fromSymbol), -(amount(p.pointsGiven) + amount(p.fee))],
    [text(p.toSymbol), amount(p.pointsReceived)],
  ],
};

/** The event types the explorer's figures are made of. */
export const ACTIVITY_TYPES = [...Object.keys(SUPPLY_EFFECTS), 'MemberRegistered'];

export interface SeriesPoint {
  /** Start of the bucket, ISO. */
  at: string;
  value: number;
}

export interface AllianceSeries {
  bucket: Bucket;
  /** Per token: outstanding supply at the end of each bucket in which it changed. */
  outstanding: Record<string, SeriesPoint[]>;
  /** Per merchant pair `from→to`: points given in exchanges during each bucket. */
  exchangeVolume: Record<string, SeriesPoint[]>;
}

export function bucketStart(timestamp: string, bucket: Bucket): string {
  const size = BUCKET_MS[bucket];
  return new Date(Math.floor(Date.parse(timestamp) / size) * size).toISOString();
}

/** The series' point for bucket `at`: its last one, or a new one (events come in order). */
function pointAt(series: Record<string, SeriesPoint[]>, name: string, at: string): SeriesPoint {
  const points = (series[name] ??= []);
  const last = points[points.length - 1];
  if (last?.at === at) return last;
  const point = { at, value: 0 };
  points.push(point);
  return point;
}

export function allianceSeries(events: readonly ActivityEvent[], bucket: Bucket): AllianceSeries {
  const outstanding: Record<string, SeriesPoint[]> = {};
  const exchangeVolume: Record<string, SeriesPoint[]> = {};
  const totals = new Map<string, number>();
  for (const event of events) {
    const payload = (event.payload ?? {}) as Payload;
    const at = bucketStart(event.timestamp, bucket);
    for (const [symbol, delta] of SUPPLY_EFFECTS[event.type ?? '']?.(payload) ?? []) {
      const total = (totals.get(symbol) ?? 0) + delta;
      totals.set(symbol, total);
      pointAt(outstanding, symbol, at).value = total;
    }
    if (event.type === 'Exchanged') {
      const pair = `${text(payload.debtor)}→${text(payload.creditor)}`;
      pointAt(exchangeVolume, pair, at).value += amount(payload.pointsGiven);
    }
  }
  return { bucket, outstanding, exchangeVolume };
}

export interface MerchantActivity {
  org: string;
  symbol: string | null;
  /** Members whose home is this merchant. */
  members: number;
  earns: { count: number; points: number };
  redemptions: { count: number; points: number };
}

export function merchantActivity(
  events: readonly ActivityEvent[],
  org: string,
  symbol: string | undefined,
): MerchantActivity {
  const activity: MerchantActivity = {
    org,
    symbol: symbol ?? null,
    members: 0,
    earns: { count: 0, points: 0 },
    redemptions: { count: 0, points: 0 },
  };
  for (const event of events) {
    const payload = (event.payload ?? {}) as Payload;
    if (event.type === 'MemberRegistered' && payload.homeOrg === org) activity.members += 1;
    const tally =
      payload.symbol !== symbol
        ? undefined
        : event.type === 'Earned'
          ? activity.earns
          : event.type === 'Redeemed'
            ? activity.redemptions
            : undefined;
    if (tally) {
      tally.count += 1;
      tally.points += amount(payload.points);
    }
  }
  return activity;
}
