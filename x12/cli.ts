// npm run -s x12 -- parse FILE            (270, 271, 276, 277/277CA, 835, 837 P/I/D, 999, TA1)
// npm run -s x12 -- build-837p FILE.json   ({ header: Interchange837Header, claims: Claim837[] })
// npm run -s x12 -- build-276 --pcn PCN --charge 125.00 --service-date YYYY-MM-DD --subscriber-id ID --first F --last L
//     --payer-id ID --payer-name NAME --npi NPI [--icn ICN] [--service-date-end YYYY-MM-DD] [--provider-name N]
// npm run -s x12 -- build-270 --subscriber-id ID --first F --last L --dob YYYY-MM-DD --payer-id ID
//     --payer-name NAME --npi NPI --service-date YYYY-MM-DD [--dependent-first F --dependent-last L
//     --dependent-dob YYYY-MM-DD] [--provider-name N] [--sender-id S] [--receiver-id R]
//     [--control-number N] [--trace T] [--service-type 30 ...] [--usage T|P]

import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { build270 } from './build-270.ts';
import { write837P } from './build-837p.ts';
import type { Claim837, Interchange837Header } from './claim-837.ts';
import { build276 } from './build-276.ts';
import { parseX12 } from './parse.ts';

const USAGE = `usage: x12 parse FILE          reads 270, 271, 276, 277/277CA, 835, 837 (P/I/D), 999 and TA1 into {interchange, transactions[], warnings}
       x12 build-837p FILE.json  writes a 005010X222A1 837P from {"header": Interchange837Header, "claims": [Claim837...]} (x12/claim-837.ts)
       x12 build-276 --pcn PCN --charge AMOUNT --service-date YYYY-MM-DD --subscriber-id ID --first NAME --last NAME
                     --payer-id ID --payer-name NAME --npi NPI [--icn PAYER_CLAIM_CONTROL_NUMBER] [--service-date-end YYYY-MM-DD]
                     [--provider-name NAME] [--sender-id ID] [--receiver-id ID] [--control-number N] [--usage T|P]
       x12 build-270 --subscriber-id ID --first NAME --last NAME --dob YYYY-MM-DD --payer-id ID --payer-name NAME
                     --npi NPI --service-date YYYY-MM-DD [--dependent-first NAME --dependent-last NAME --dependent-dob YYYY-MM-DD]
                     [--provider-name NAME] [--sender-id ID] [--receiver-id ID] [--control-number N] [--trace T]
                     [--service-type CODE ...] [--usage T|P]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

function runParse(args: string[]): void {
  const file = args[0];
  if (!file) fail('parse needs a FILE');
  const text = readFileSync(file, 'utf8');
  process.stdout.write(`${JSON.stringify(parseX12(text), null, 2)}\n`);
}

function runBuild270(args: string[]): void {
  const { values } = parseArgs({
    args,
    options: {
      'subscriber-id': { type: 'string' },
      first: { type: 'string' },
      last: { type: 'string' },
      dob: { type: 'string' },
      gender: { type: 'string' },
      'payer-id': { type: 'string' },
      'payer-name': { type: 'string' },
      npi: { type: 'string' },
      'provider-name': { type: 'string', default: 'SANDBOX CLINIC' },
      'service-date': { type: 'string' },
      'dependent-first': { type: 'string' },
      'dependent-last': { type: 'string' },
      'dependent-dob': { type: 'string' },
      'sender-id': { type: 'string', default: 'RCMCORE' },
      'receiver-id': { type: 'string' },
      'control-number': { type: 'string', default: '1' },
      trace: { type: 'string' },
      'service-type': { type: 'string', multiple: true },
      usage: { type: 'string', default: 'T' },
    },
  });
  const required = ['subscriber-id', 'first', 'last', 'payer-id', 'payer-name', 'npi', 'service-date'] as const;
  const missing = required.filter((name) => !values[name]);
  if (missing.length > 0) fail(`build-270 is missing ${missing.map((m) => `--${m}`).join(', ')}`);
  const control = Number(values['control-number']);
  const dependent = values['dependent-first']
    ? { firstName: values['dependent-first'], lastName: values['dependent-last'] ?? values.last ?? '', dob: values['dependent-dob'] ?? fail('--dependent-dob is required with --dependent-first') }
    : undefined;
  const gender = values.gender === 'M' || values.gender === 'F' || values.gender === 'U' ? values.gender : undefined;
  process.stdout.write(build270({
    sender: { qualifier: 'ZZ', id: values['sender-id'] ?? 'RCMCORE' },
    receiver: { qualifier: 'ZZ', id: values['receiver-id'] ?? values['payer-id'] ?? '' },
    interchangeControlNumber: control,
    groupControlNumber: control,
    transactionControlNumber: control,
    usage: values.usage === 'P' ? 'P' : 'T',
    payer: { name: values['payer-name'] ?? '', id: values['payer-id'] ?? '' },
    provider: { entityType: '2', name: values['provider-name'] ?? '', npi: values.npi ?? '' },
    subscriber: { memberId: values['subscriber-id'] ?? '', firstName: values.first ?? '', lastName: values.last ?? '', dob: values.dob, gender },
    dependent,
    trace: { number: values.trace ?? `T${String(control).padStart(9, '0')}`, originatorId: '9RCMCORE00' },
    serviceDate: values['service-date'] ?? '',
    serviceTypes: values['service-type'],
    lineBreaks: true,
  }));
}

async function runBuild837P(args: string[]): Promise<void> {
  const file = args[0];
  if (!file) fail('build-837p needs a FILE.json');
  const input = JSON.parse(readFileSync(file, 'utf8')) as { header?: Interchange837Header; claims?: Claim837[] };
  if (!input.header || !Array.isArray(input.claims)) fail('build-837p FILE.json must hold {"header": {...}, "claims": [...]}');
  await write837P(input.header, input.claims, process.stdout, { lineBreaks: true });
}

function runBuild276(args: string[]): void {
  const { values } = parseArgs({
    args,
    options: {
      pcn: { type: 'string' }, charge: { type: 'string' }, icn: { type: 'string' },
      'service-date': { type: 'string' }, 'service-date-end': { type: 'string' },
      'subscriber-id': { type: 'string' }, first: { type: 'string' }, last: { type: 'string' },
      'payer-id': { type: 'string' }, 'payer-name': { type: 'string' }, npi: { type: 'string' },
      'provider-name': { type: 'string', default: 'SANDBOX CLINIC' },
      'sender-id': { type: 'string', default: 'RCMCORE' }, 'receiver-id': { type: 'string' },
      'control-number': { type: 'string', default: '1' }, usage: { type: 'string', default: 'T' },
    },
  });
  const required = ['pcn', 'charge', 'service-date', 'subscriber-id', 'first', 'last', 'payer-id', 'payer-name', 'npi'] as const;
  const missing = required.filter((name) => !values[name]);
  if (missing.length > 0) fail(`build-276 is missing ${missing.map((m) => `--${m}`).join(', ')}`);
  const control = Number(values['control-number']);
  process.stdout.write(build276({
    sender: { qualifier: 'ZZ', id: values['sender-id'] ?? 'RCMCORE' },
    receiver: { qualifier: 'ZZ', id: values['receiver-id'] ?? values['payer-id'] ?? '' },
    interchangeControlNumber: control,
    groupControlNumber: control,
    transactionControlNumber: control,
    usage: values.usage === 'P' ? 'P' : 'T',
    payer: { name: values['payer-name'] ?? '', id: values['payer-id'] ?? '' },
    provider: { name: values['provider-name'] ?? '', npi: values.npi ?? '' },
    subscriber: { memberId: values['subscriber-id'] ?? '', firstName: values.first ?? '', lastName: values.last ?? '' },
    claim: {
      patientControlNumber: values.pcn ?? '', chargeAmount: values.charge ?? '', payerClaimControlNumber: values.icn,
      serviceDate: values['service-date'] ?? '', serviceDateEnd: values['service-date-end'],
    },
    lineBreaks: true,
  }));
}

const [command, ...rest] = process.argv.slice(2);
try {
  if (command === 'parse') runParse(rest);
  else if (command === 'build-837p') await runBuild837P(rest);
  else if (command === 'build-270') runBuild270(rest);
  else if (command === 'build-276') runBuild276(rest);
  else fail(command ? `unknown command ${command}` : 'no command given');
} catch (error) {
  process.stderr.write(`${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}\n`);
  process.exit(1);
}
