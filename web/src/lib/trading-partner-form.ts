// The trading partner form: the same rules as core.trading_partner's CHECK constraints, checked
// before sending so the operator sees which field is wrong; server errors mapped back to fields.
export interface TradingPartnerValues {
  name: string;
  endpointUrl: string;
  mode: string;
  senderQualifier: string;
  senderId: string;
  receiverQualifier: string;
  receiverId: string;
  usageIndicator: string;
  timeoutMs: number | string;
  active: boolean;
  /** Answers 276 claim status requests (stale claims are asked about through it). */
  supports276: boolean;
  claimStatusIntervalDays: number | string;
}

export type FieldErrors = Partial<Record<keyof TradingPartnerValues, string>>;

export const EMPTY_TRADING_PARTNER: TradingPartnerValues = {
  name: '',
  endpointUrl: '',
  mode: 'realtime',
  senderQualifier: 'ZZ',
  senderId: '',
  receiverQualifier: 'ZZ',
  receiverId: '',
  usageIndicator: 'T',
  timeoutMs: 20000,
  active: true,
  supports276: false,
  claimStatusIntervalDays: 14,
};

const QUALIFIER = /^[0-9A-Z]{2}$/;
const ISA_ID = /^[A-Za-z0-9 ]{1,15}$/;

export function validateTradingPartner(values: TradingPartnerValues): FieldErrors {
  const errors: FieldErrors = {};
  if (!values.name.trim()) errors.name = 'Name is required.';
  if (!/^https?:\/\/\S+$/.test(values.endpointUrl.trim())) errors.endpointUrl = 'Endpoint URL must start with http:// or https:// and contain no spaces.';
  if (!['realtime', 'batch'].includes(values.mode)) errors.mode = 'Mode is realtime or batch.';
  if (!QUALIFIER.test(values.senderQualifier)) errors.senderQualifier = 'Sender qualifier is 2 characters, digits or capitals (ZZ, 30, ...).';
  if (!ISA_ID.test(values.senderId)) errors.senderId = 'Sender ID (ISA06) is 1 to 15 letters, digits or spaces.';
  if (!QUALIFIER.test(values.receiverQualifier)) errors.receiverQualifier = 'Receiver qualifier is 2 characters, digits or capitals.';
  if (!ISA_ID.test(values.receiverId)) errors.receiverId = 'Receiver ID (ISA08) is 1 to 15 letters, digits or spaces.';
  if (!['T', 'P'].includes(values.usageIndicator)) errors.usageIndicator = 'Usage is T (test) or P (production).';
  const timeout = Number(values.timeoutMs);
  if (!Number.isInteger(timeout) || timeout < 100 || timeout > 120000) errors.timeoutMs = 'Timeout is a whole number of milliseconds from 100 to 120000.';
  const interval = Number(values.claimStatusIntervalDays);
  if (!Number.isInteger(interval) || interval < 1 || interval > 180) errors.claimStatusIntervalDays = 'Ask again after 1 to 180 days.';
  return errors;
}

const COLUMN_FIELD: Record<string, keyof TradingPartnerValues> = {
  name: 'name',
  endpoint_url: 'endpointUrl',
  mode: 'mode',
  sender_qualifier: 'senderQualifier',
  sender_id: 'senderId',
  receiver_qualifier: 'receiverQualifier',
  receiver_id: 'receiverId',
  usage_indicator: 'usageIndicator',
  timeout_ms: 'timeoutMs',
  claim_status_interval_days: 'claimStatusIntervalDays',
};

/** Which field a database error is about: a CHECK constraint `trading_partner_<column>_check` or the unique name. */
export function fieldOfServerError(message: string): keyof TradingPartnerValues | null {
  const check = /trading_partner_([a-z_]+?)_check/.exec(message);
  if (check && COLUMN_FIELD[check[1]]) return COLUMN_FIELD[check[1]];
  if (/trading_partner_tenant_id_name_key|duplicate key.*\bname\b/.test(message)) return 'name';
  return null;
}

export function toTradingPartnerInput(values: TradingPartnerValues) {
  return {
    name: values.name.trim(),
    endpointUrl: values.endpointUrl.trim(),
    mode: values.mode,
    senderQualifier: values.senderQualifier,
    senderId: values.senderId,
    receiverQualifier: values.receiverQualifier,
    receiverId: values.receiverId,
    usageIndicator: values.usageIndicator,
    timeoutMs: Number(values.timeoutMs),
    active: values.active,
    supports276: values.supports276,
    claimStatusIntervalDays: Number(values.claimStatusIntervalDays),
  };
}
