// Cron expressions in the New schedule dialog: the five fields by name, and which field a
// server error (eligibility.fn_cron_parse raises 22023 naming the field) is about.
export const CRON_FIELDS = ['minute', 'hour', 'day of month', 'month', 'day of week'] as const;
export type CronField = (typeof CRON_FIELDS)[number];

export interface CronFieldPart {
  name: CronField;
  value: string;
}

/** The expression's parts by field name; extra or missing fields are reported by the server. */
export function cronParts(expression: string): CronFieldPart[] {
  const values = expression.trim().split(/\s+/).filter(Boolean);
  return CRON_FIELDS.map((name, index) => ({ name, value: values[index] ?? '' }));
}

/** The field a cron error names (`cron field "hour" value 25 is out of range 0-23`), or null. */
export function cronErrorField(message: string): CronField | null {
  const match = /cron field "([a-z ]+)"/i.exec(message);
  if (!match) return null;
  const name = match[1].toLowerCase();
  return (CRON_FIELDS as readonly string[]).includes(name) ? (name as CronField) : null;
}

/** The operator-facing sentence for a cron error: leads with the field when one is named. */
export function describeCronError(message: string): string {
  const clean = message.replace(/^(Invalid parameter|[A-Za-z ]+): (?=cron)/, '');
  const field = cronErrorField(clean);
  if (!field) return clean;
  const rest = clean.replace(/^.*?cron field "[a-z ]+"\s*/i, '');
  return `${field[0].toUpperCase()}${field.slice(1)} field: ${rest}`;
}

/** Whether the expression has the five fields a preview needs (no request for half-typed input). */
export function looksComplete(expression: string): boolean {
  return expression.trim().split(/\s+/).filter(Boolean).length >= 5;
}
