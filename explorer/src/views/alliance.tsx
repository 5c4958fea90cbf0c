/**
 * The alliance view, for anyone: tokens and their supply, rate cards, charts over time, and the
 * coupon market (classes with their counts, open offers, open auctions).
 */
import { Table } from '../components/table';
import { useState } from 'preact/hooks';
import { call } from '../api';
import { LineChart } from '../components/line-chart';
import { Listing } from '../components/listing';
import { AuctionTable, CouponClassTable, OfferTable } from '../components/market-tables';
import { ErrorNote, Loading } from '../components/notes';
import { useLoad } from '../components/use-load';
import { useMarket } from '../components/use-market';
import { formatPoints, formatTime } from '../format';
import type { AllianceSeries, Agreement, TokenSupply } from '../types';

const BUCKETS = ['minute', 'hour', 'day'] as const;

export function AllianceView() {
  const tokens = useLoad(() => call<TokenSupply[]>('GET', '/alliance/tokens'), []);
  const cards = useLoad(() => call<Agreement[]>('GET', '/rate-cards'), []);
  const [bucket, setBucket] = useState<(typeof BUCKETS)[number]>('hour');
  const series = useLoad(
    () => call<AllianceSeries>('GET', `/alliance/series?bucket=${bucket}`),
    [bucket],
  );
  const market = useMarket();
  return (
    <section aria-labelledby="alliance-title">
      <h2 id="alliance-title">Alliance</h2>
      <h3>Tokens</h3>
      <ErrorNote error={tokens.error} />
      <Loading when={tokens.loading && !tokens.data} />
      <Table
        id="tokens"
        columns={[
          'Token',
          'Issuer',
          { numeric: 'Cap' },
          { numeric: 'Issued' },
          { numeric: 'Redeemed' },
          { numeric: 'Outstanding' },
        ]}
      >
        {tokens.data?.map((token) => (
          <tr key={token.symbol} data-symbol={token.symbol}>
            <td>
              <strong>{token.symbol}</strong> <span class="muted">{token.name}</span>
            </td>
            <td>{token.issuer}</td>
            <td class="num">{formatPoints(token.cap)}</td>
            <td class="num">{formatPoints(token.issued)}</td>
            <td class="num">{formatPoints(token.redeemed)}</td>
            <td class="num outstanding">{formatPoints(token.outstanding)}</td>
          </tr>
        ))}
      </Table>

      <h3>Rate cards in force</h3>
      <ErrorNote error={cards.error} />
      {cards.data?.length === 0 && <p class="muted">No agreement is in force.</p>}
      <Table
        id="rate-cards"
        columns={[
          'Agreement',
          'Exchange',
          { numeric: 'Minimum' },
          { numeric: 'Step' },
          { numeric: 'Fee' },
          { numeric: 'Daily cap' },
          'Valid until',
        ]}
      >
        {cards.data?.map((card) => (
          <tr key={card.id}>
            <td>{card.id}</td>
            <td>
              {card.rateDenominator} {card.fromSymbol} → {card.rateNumerator} {card.toSymbol}
            </td>
            <td class="num">{formatPoints(card.minimum)}</td>
            <td class="num">{formatPoints(card.step)}</td>
            <td class="num">{formatPoints(card.fee)}</td>
            <td class="num">{formatPoints(card.memberDailyCap)}</td>
            <td>{formatTime(card.validUntil)}</td>
          </tr>
        ))}
      </Table>

      <Listing
        title="Coupon classes"
        loaded={market.classes}
        empty="No merchant issues coupons yet."
      >
        {(classes) => <CouponClassTable id="coupon-classes" classes={classes} />}
      </Listing>
      <Listing title="Open offers" loaded={market.offers} empty="No offer is open.">
        {(offers) => <OfferTable id="open-offers" offers={offers} />}
      </Listing>
      <Listing title="Open auctions" loaded={market.auctions} empty="No auction is open.">
        {(auctions) => <AuctionTable id="open-auctions" auctions={auctions} />}
      </Listing>

      <h3>Over time</h3>
      <label>
        Per{' '}
        <select
          value={bucket}
          onChange={(event) => setBucket(event.currentTarget.value as typeof bucket)}
        >
          {BUCKETS.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <ErrorNote error={series.error} />
      <div class="charts">
        <LineChart
          title="Outstanding supply per token"
          series={series.data?.outstanding ?? {}}
          empty="No points issued yet."
        />
        <LineChart
          title="Exchange volume per merchant pair (points given)"
          series={series.data?.exchangeVolume ?? {}}
          empty="No exchange yet."
        />
      </div>
    </section>
  );
}
