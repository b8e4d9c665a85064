// X12 R (decimal) values as the decimal strings our JSON carries: "125" -> "125.00",
// ".5" -> "0.50", "-12.345" stays "-12.345" (never rounded: the file is the record).

export function decimalAmount(value: string): string | null {
  const m = /^(-?)(\d*)(?:\.(\d*))?$/.exec(value.trim());
  if (!m || (m[2] === '' && !m[3])) return null;
  const whole = (m[2] ?? '').replace(/^0+(?=\d)/, '') || '0';
  const fraction = (m[3] ?? '').padEnd(2, '0');
  return `${m[1]}${whole}.${fraction}`;
}

/** decimalAmount, or the raw text (with a warning) when the element is not a number. */
export function amountOrRaw(value: string, where: string, warnings: string[]): string {
  const amount = decimalAmount(value);
  if (amount === null) {
    warnings.push(`${where}: ${JSON.stringify(value)} is not a decimal amount`);
    return value;
  }
  return amount;
}
