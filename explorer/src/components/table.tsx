/** A table that scrolls sideways inside its own box, so the page itself fits a phone. */
import type { ComponentChildren } from 'preact';

/** A column heading; numeric columns are right-aligned. */
export type Column = string | { numeric: string };

export function Table({
  id,
  className,
  columns,
  children,
}: {
  id?: string;
  className?: string;
  columns: Column[];
  children: ComponentChildren;
}) {
  return (
    <div class="scroll">
      <table id={id} class={className}>
        <thead>
          <tr>
            {columns.map((column) =>
              typeof column === 'string' ? (
                <th key={column}>{column}</th>
              ) : (
                <th key={column.numeric} class="num">
                  {column.numeric}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
