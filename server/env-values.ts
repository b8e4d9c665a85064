// Reading typed settings from the environment, shared by the domains' config files.

/** A positive whole number from `name`, `fallback` when unset; anything else stops the start. */
export function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}
