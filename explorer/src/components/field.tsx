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

/** A labelled choice among `options` ([value, label]); '' is "nothing chosen yet". */
export function Select({
  name,
  label,
  value,
  options,
  placeholder = 'Choose…',
  onValue,
}: {
  name: string;
  label: string;
  value: string;
  options: readonly (readonly [string, string])[];
  placeholder?: string;
  onValue(value: string): void;
}) {
  return (
    <label>
      {label}
      <select name={name} required value={value} onChange={(e) => onValue(e.currentTarget.value)}>
        <option value="">{options.length === 0 ? 'None' : placeholder}</option>
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A labelled checkbox. */
export function Check({
  name,
  label,
  checked,
  onChecked,
}: {
  name: string;
  label: string;
  checked: boolean;
  onChecked(checked: boolean): void;
}) {
  return (
    <label class="check">
      <input
        type="checkbox"
        name={name}
        checked={checked}
        onChange={(e) => onChecked(e.currentTarget.checked)}
      />
      {label}
    </label>
  );
}

/** A field of a form's table: name, label, kind, and whether it must be filled. */
export type FieldSpec<N extends string = string> = readonly [
  name: N,
  label: string,
  kind: FieldKind,
  required: boolean,
];

/** The fields of `specs`, bound to one record of values by name. */
export function Fields<N extends string>({
  specs,
  values,
  onValues,
}: {
  specs: readonly FieldSpec<N>[];
  values: Partial<Record<N, string>>;
  onValues(values: Partial<Record<N, string>>): void;
}) {
  return (
    <>
      {specs.map(([name, label, kind, required]) => (
        <Field
          key={name}
          name={name}
          label={label}
          kind={kind}
          required={required}
          value={values[name] ?? ''}
          onValue={(value) => onValues({ ...values, [name]: value })}
        />
      ))}
    </>
  );
}
