// Valid NPIs for synthetic data: 9 digits + Luhn check digit over the 80840 prefix.
export function npiCheckDigit(first9: string): number {
  const digits = `80840${first9}`;
  let total = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    total += d;
  }
  return (10 - (total % 10)) % 10;
}

export function makeNpi(first9: string): string {
  return `${first9}${npiCheckDigit(first9)}`;
}
