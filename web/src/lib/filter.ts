// PostGraphile's connection filter rejects empty objects ("Empty objects are forbidden"): send none instead.
export function nonEmptyFilter<T extends object>(filter: T): T | undefined {
  return Object.keys(filter).length > 0 ? filter : undefined;
}
