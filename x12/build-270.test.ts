import { createRequire } from 'node:module';
import { build270 } from './build-270.ts';
import type { Build270Input } from './build-270.ts';
import type * as NodeX12 from 'node-x12';
import { parseX12 } from './parse.ts';
import type { Transaction270 } from './types.ts';

// node-x12 is the independent reader: a different X12 library from npm, not our parser.
const { X12Parser } = createRequire(import.meta.url)('node-x12') as typeof NodeX12;

const base: Build270Input = {
  sender: { qualifier: 'ZZ', id: 'RCMCORE' },
  receiver: { qualifier: 'ZZ', id: 'PAYERX' },
  interchangeControlNumber: 4711,
  groupControlNumber: 812,
  transactionControlNumber: 37,
  usage: 'T',
  createdAt: new Date('2026-03-02T09:05:00Z'),
  payer: { name: 'ACME HEALTH', id: '12345' },
  provider: { entityType: '2', name: 'SUNRISE CLINIC', npi: '1234567893' },
  subscriber: { memberId: 'ACT0001', firstName: 'JOHN', lastName: 'DOE', dob: '1980-02-03', gender: 'M' },
  trace: { number: 'TRACE-1', originatorId: '9RCMCORE00' },
  serviceDate: '2026-03-01',
};

interface ReadSegment { tag: string; values: string[] }

function independentRead(x12: string) {
  const interchange = new X12Parser(true).parse(x12) as NodeX12.X12Interchange;
  const values = (s: { elements: { value: string }[] }) => s.elements.map((e) => e.value);
  const group = interchange.functionalGroups[0]!;
  const transaction = group.transactions[0]!;
  return {
    isa: values(interchange.header), iea: values(interchange.trailer),
    groups: interchange.functionalGroups.length,
    gs: values(group.header), ge: values(group.trailer),
    transactions: group.transactions.length,
    st: values(transaction.header), se: values(transaction.trailer),
    body: transaction.segments.map((s): ReadSegment => ({ tag: s.tag, values: values(s) })),
  };
}

function checkHierarchy(body: ReadSegment[]): void {
  const hls = body.filter((s) => s.tag === 'HL').map((s) => s.values);
  const ids = new Map<string, string>();
  hls.forEach((hl, index) => {
    expect(hl[0]).toBe(String(index + 1));
    if (index === 0) expect(hl[1] ?? '').toBe('');
    else expect(ids.has(hl[1] ?? '')).toBe(true);
    ids.set(hl[0] ?? '', hl[2] ?? '');
    const hasChild = hls.some((other) => other[1] === hl[0]);
    expect(hl[3]).toBe(hasChild ? '1' : '0');
  });
  const levelOf = (parent: string | undefined) => ids.get(parent ?? '');
  for (const hl of hls.slice(1)) {
    const expectedParentLevel = { '21': '20', '22': '21', '23': '22' }[hl[2] ?? ''];
    expect(levelOf(hl[1])).toBe(expectedParentLevel);
  }
}

function segmentAfter(body: ReadSegment[], hlLevel: string): ReadSegment[] {
  const start = body.findIndex((s) => s.tag === 'HL' && s.values[2] === hlLevel);
  const next = body.findIndex((s, i) => i > start && s.tag === 'HL');
  return body.slice(start + 1, next < 0 ? undefined : next);
}

describe('build270 read back by an independent X12 library (node-x12)', () => {
  it('subscriber inquiry: envelope counts, control numbers, HL tree and required segments agree', () => {
    const x12 = build270(base);
    expect(x12.indexOf('~')).toBe(105);
    const read = independentRead(x12);
    expect(read.isa[11]).toBe('00501');
    expect(read.isa[14]).toBe('T');
    expect(Number(read.isa[12])).toBe(4711);
    expect(read.iea).toEqual(['1', read.isa[12]]);
    expect(read.gs[0]).toBe('HS');
    expect(read.gs[7]).toBe('005010X279A1');
    expect(read.ge).toEqual([String(read.transactions), '812']);
    expect(read.st).toEqual(['270', '0037', '005010X279A1']);
    expect(read.se).toEqual([String(read.body.length + 2), '0037']);
    checkHierarchy(read.body);
    expect(read.body[0]).toEqual({ tag: 'BHT', values: ['0022', '13', 'TRACE-1', '20260302', '0905'] });
    expect(segmentAfter(read.body, '20').map((s) => s.values.join('*'))).toEqual(['PR*2*ACME HEALTH*****PI*12345']);
    expect(segmentAfter(read.body, '21').map((s) => s.values.join('*'))).toEqual(['1P*2*SUNRISE CLINIC*****XX*1234567893']);
    expect(segmentAfter(read.body, '22').map((s) => `${s.tag}*${s.values.join('*')}`)).toEqual([
      'TRN*1*TRACE-1*9RCMCORE00', 'NM1*IL*1*DOE*JOHN****MI*ACT0001', 'DMG*D8*19800203*M', 'DTP*291*D8*20260301', 'EQ*30',
    ]);
  });

  it('dependent inquiry: subscriber HL has a child, 2000D carries TRN, NM1*03, DMG, DTP and EQ', () => {
    const x12 = build270({ ...base, dependent: { firstName: 'MARY', lastName: 'DOE', dob: '2012-07-04', gender: 'F' }, serviceTypes: ['30', '98'] });
    const read = independentRead(x12);
    expect(read.se).toEqual([String(read.body.length + 2), '0037']);
    checkHierarchy(read.body);
    expect(read.body.filter((s) => s.tag === 'HL').map((s) => s.values.join('*'))).toEqual(['1**20*1', '2*1*21*1', '3*2*22*1', '4*3*23*0']);
    expect(segmentAfter(read.body, '23').map((s) => `${s.tag}*${s.values.join('*')}`)).toEqual([
      'TRN*1*TRACE-1*9RCMCORE00', 'NM1*03*1*DOE*MARY', 'DMG*D8*20120704*F', 'DTP*291*D8*20260301', 'EQ*30^98',
    ]);
  });

  it('round-trips through our parser with no warnings', () => {
    const parsed = parseX12(build270({ ...base, dependent: { firstName: 'MARY', lastName: 'DOE', dob: '2012-07-04' } }));
    expect(parsed.warnings).toEqual([]);
    const t = parsed.transactions[0] as Transaction270;
    expect(t.subscriber).toMatchObject({ id: 'ACT0001', firstName: 'JOHN', lastName: 'DOE', dob: '1980-02-03' });
    expect(t.dependent).toMatchObject({ firstName: 'MARY', dob: '2012-07-04' });
    expect(t.traceNumbers).toEqual([{ type: '1', reference: 'TRACE-1', originatorId: '9RCMCORE00', secondaryReference: null }]);
  });

  it('refuses input that would corrupt the interchange', () => {
    expect(() => build270({ ...base, subscriber: { ...base.subscriber, lastName: 'O*BRIEN' } })).toThrow(/subscriber.lastName contains a delimiter/);
    expect(() => build270({ ...base, interchangeControlNumber: 0 })).toThrow(/interchangeControlNumber must be an integer/);
    expect(() => build270({ ...base, serviceDate: '2026-02-30' })).toThrow(/serviceDate must be a date/);
    expect(() => build270({ ...base, provider: { ...base.provider, npi: '123' } })).toThrow(/npi must be 10 digits/);
  });
});
