/** A page of audit records: what happened, when, by whom, with transaction id and block. */
import { useState } from 'preact/hooks';
import { formatTime } from '../format';
import type { AuditPage } from '../types';
import { ErrorNote, Loading } from './notes';
import { Table } from './table';
import { useLoad } from './use-load';

/** The few payload fields that say what a transaction was about, in one line. */
function summary(payload: unknown): string {
  if (typeof payload !== 'object' || payload === null) return '';
  const fields = [
    ...['memberId', 'from', 'to', 'symbol', 'points', 'agreementId', 'settlementId'],
    // Coupon and market transactions name what changed hands, or where.
    ...['couponId', 'offerId', 'auctionId', 'maker', 'taker', 'bidder', 'winner'],
  ];
  return fields
    .filter((field) => field in payload)
    .map((field) => `${field} ${String((payload as Record<string, unknown>)[field])}`)
    .join(', ');
}

function AuditTable({
  page,
  onOlder,
  onNewest,
}: {
  page: AuditPage;
  onOlder(cursor: string): void;
  onNewest(): void;
}) {
  return (
    <div>
      {page.records.length === 0 && <p class="muted">No transaction matches.</p>}
      <Table
        className="audit"
        columns={['Time (UTC)', 'Type', 'Org', 'Details', { numeric: 'Block' }, 'Transaction id']}
      >
        {page.records.map((record) => (
          <tr key={record.txId} data-txid={record.txId}>
            <td>{formatTime(record.timestamp)}</td>
            <td>{record.type ?? '—'}</td>
            <td>{record.org}</td>
            <td>{summary(record.payload)}</td>
            <td class="num block">{record.blockNumber}</td>
            <td>
              <code class="txid">{record.txId}</code>
            </td>
          </tr>
        ))}
      </Table>
      <div class="paging">
        <button type="button" onClick={onNewest}>
          Newest
        </button>
        {page.nextCursor && (
          <button type="button" onClick={() => onOlder(page.nextCursor as string)}>
            Older
          </button>
        )}
      </div>
    </div>
  );
}

/**
 * Pages of audit records, newest first, from `load` (given the cursor of the page to read).
 * "Newest" reads the first page again, so new transactions show up.
 */
export function AuditPages({
  load,
  refresh,
}: {
  load(cursor: string | undefined): Promise<AuditPage>;
  /** Changes when the records may have changed (a transaction was just made). */
  refresh?: unknown;
}) {
  const [cursor, setCursor] = useState<string>();
  const page = useLoad(() => load(cursor), [cursor, refresh]);
  return (
    <>
      <ErrorNote error={page.error} />
      <Loading when={page.loading && !page.data} />
      {page.data && (
        <AuditTable
          page={page.data}
          onOlder={setCursor}
          onNewest={() => {
            setCursor(undefined);
            page.reload();
          }}
        />
      )}
    </>
  );
}
