/** A labelled input of one of the kinds the forms use, bound to a string value. */
export type FieldKind = 'text' | 'number' | 'datetime-local' | 'password';

export function Field({
  name,
  label,
  kind,
  value,
  required = false,
  onValue,
}: {
  name: string;
  label: string;
  kind: FieldKind;
  value: string;
  required?: boolean;
  onValue(value: string): void;
}) {
  const common = {
    name,
    required,
    value,
    onInput: (event: { currentTarget: HTMLInputElement }) => onValue(event.currentTarget.value),
  };
  return (
    <label>
      {label}
      {kind === 'number' ? (
        <input type="number" min="0" {...common} />
      ) : kind === 'datetime-local' ? (
        <input type="datetime-local" {...common} />
      ) : kind === 'password' ? (
        <input type="password" autoComplete="off" {...common} />
      ) : (
        <input type="text" {...common} />
      )}
    </label>
  );
}
