// Realistic 837P inputs for tests and the bench: one claim of each shape the writer supports.
// NPIs pass the Luhn check; names, ids and addresses are made up.

import type { Claim837, Interchange837Header } from '../claim-837.ts';

export function sampleHeader(overrides: Partial<Interchange837Header> = {}): Interchange837Header {
  return {
    sender: { qualifier: 'ZZ', id: 'RCMCORE' },
    receiver: { qualifier: 'ZZ', id: 'SANDBOXCH' },
    interchangeControlNumber: 1001,
    groupControlNumber: 1001,
    usage: 'T',
    createdAt: '2026-12-06T18:30:00Z',
    submitter: { name: 'RCM CORE DEMO CLINIC', id: 'RCMCORE', contact: { name: 'BILLING OFFICE', phone: '5555550100', email: 'billing@example.org' } },
    receiver1000B: { name: 'SANDBOX CLEARINGHOUSE', id: 'SANDBOXCH' },
    ...overrides,
  };
}

/** The patient is the subscriber; one line. */
export function selfClaim(overrides: Partial<Claim837> = {}): Claim837 {
  return {
    patientControlNumber: 'C0000001',
    frequencyCode: '1',
    totalAmount: '125.00',
    placeOfService: '11',
    billingProvider: {
      npi: '1234567893',
      organisationName: 'MAIN STREET CLINIC',
      ein: '123456789',
      address: { line1: '100 MAIN ST', city: 'SPRINGFIELD', state: 'IL', zip: '627011234' },
    },
    payer: { name: 'AETNA', payerId: '60054', claimFilingIndicator: 'CI' },
    payerResponsibility: 'P',
    subscriber: {
      memberId: 'W123456789',
      lastName: 'DOE',
      firstName: 'JANE',
      dob: '1980-04-12',
      gender: 'F',
      address: { line1: '12 ELM ST', line2: 'APT 4', city: 'SPRINGFIELD', state: 'IL', zip: '62704' },
      relationshipToPatient: '18',
      groupNumber: 'GRP100',
    },
    diagnoses: ['J069'],
    lines: [{ procedure: '99213', amount: '125.00', units: '1', diagnosisPointers: [1], serviceDate: '2026-11-20' }],
    ...overrides,
  };
}

/** A child of the subscriber is the patient; three lines with modifiers. */
export function dependentClaim(overrides: Partial<Claim837> = {}): Claim837 {
  return selfClaim({
    patientControlNumber: 'C0000002',
    totalAmount: '310.50',
    payer: { name: 'MEDICAID', payerId: 'SKIL0', claimFilingIndicator: 'MC' },
    subscriber: { ...selfClaim().subscriber, memberId: 'MCD0042', relationshipToPatient: '19', groupNumber: null },
    patient: {
      lastName: 'DOE', firstName: 'SAM', dob: '2015-09-02', gender: 'M',
      address: { line1: '12 ELM ST', city: 'SPRINGFIELD', state: 'IL', zip: '627041234' },
    },
    diagnoses: ['J069', 'R509'],
    lines: [
      { procedure: '99214', modifiers: ['25'], amount: '180.00', units: '1', diagnosisPointers: [1, 2], serviceDate: '2026-11-21' },
      { procedure: '87880', modifiers: ['QW'], amount: '45.50', units: '1', diagnosisPointers: [1], serviceDate: '2026-11-21' },
      { procedure: '96372', modifiers: ['59', 'RT'], amount: '85.00', units: '1', diagnosisPointers: [2], serviceDate: '2026-11-21' },
    ],
    ...overrides,
  });
}

/** Medicare Part B; a rendering provider other than the billing provider, a different service facility, 12 diagnoses. */
export function renderingFacilityClaim(overrides: Partial<Claim837> = {}): Claim837 {
  return selfClaim({
    patientControlNumber: 'C0000003',
    totalAmount: '260.00',
    placeOfService: '22',
    payer: { name: 'MEDICARE PART B', payerId: '00952', claimFilingIndicator: 'MB' },
    billingProvider: { ...selfClaim().billingProvider, taxonomy: '207Q00000X' },
    subscriber: { ...selfClaim().subscriber, memberId: '1EG4TE5MK73', lastName: 'SMITH', firstName: 'JOHN', middleName: 'Q', dob: '1948-01-30', gender: 'M', groupNumber: null },
    diagnoses: ['E119', 'I10', 'E785', 'Z794', 'M545', 'G4733', 'K219', 'N390', 'F329', 'J449', 'R0602', 'Z23'],
    renderingProvider: { npi: '1245319599', lastName: 'WELBY', firstName: 'MARCUS', taxonomy: '207R00000X' },
    serviceFacility: { name: 'OUTPATIENT CENTER', npi: '1003000126', address: { line1: '200 CLINIC RD', city: 'SPRINGFIELD', state: 'IL', zip: '627029876' } },
    lines: [
      { procedure: '99215', amount: '210.00', units: '1', diagnosisPointers: [1, 2, 3, 4], serviceDate: '2026-11-22' },
      { procedure: '90686', amount: '30.00', units: '1', diagnosisPointers: [12], serviceDate: '2026-11-22' },
      { procedure: 'G0008', amount: '20.00', units: '1', diagnosisPointers: [12], serviceDate: '2026-11-22' },
    ],
    ...overrides,
  });
}

/** A replacement (frequency 7) of a claim the payer knows as 2026112200123 (REF*F8); secondary payer. */
export function replacementClaim(overrides: Partial<Claim837> = {}): Claim837 {
  return selfClaim({
    patientControlNumber: 'C0000001R',
    frequencyCode: '7',
    payerClaimControlNumber: '2026112200123',
    payer: { name: 'BLUE CROSS BLUE SHIELD', payerId: '00621', claimFilingIndicator: 'BL' },
    payerResponsibility: 'S',
    ...overrides,
  });
}

/** `count` claims cycling through the shapes above, each with its own patient control number and subscriber. */
/**
 * The dependent's claim to the secondary payer after AETNA (primary) paid it in part: claim-level CO-45, and per line a payment with CO-45 and PR-1/PR-2 (COB loops
 * 2320/2330A/2330B and 2430 per line, every balancing equation of the guide holding).
 */
export function secondaryClaim(overrides: Partial<Claim837> = {}): Claim837 {
  return dependentClaim({
    patientControlNumber: 'C0000005',
    payer: { name: 'UNITED HEALTHCARE', payerId: '87726', claimFilingIndicator: 'CI' },
    payerResponsibility: 'S',
    subscriber: { ...dependentClaim().subscriber, memberId: 'UHC0042', groupNumber: 'G2' },
    otherPayers: [{
      payerResponsibility: 'P', relationshipToPatient: '19', groupNumber: 'GRP100', claimFilingIndicator: 'CI',
      subscriber: { memberId: 'W987654321', lastName: 'DOE', firstName: 'JANE' },
      payer: { name: 'AETNA', payerId: '60054' },
      payerClaimControlNumber: 'AET2026112100042',
      adjudication: {
        date: '2026-12-01', paidAmount: '150.00', remainingPatientLiability: '70.50',
        adjustments: [{ group: 'CO', reason: '45', amount: '10.00' }],
        lines: [
          { lineNumber: 1, paidAmount: '120.00', procedure: '99214', modifiers: ['25'], units: '1', adjustments: [{ group: 'CO', reason: '45', amount: '20.00' }, { group: 'PR', reason: '1', amount: '40.00' }] },
          { lineNumber: 2, paidAmount: '0.00', procedure: '87880', modifiers: ['QW'], units: '1', adjustments: [{ group: 'PR', reason: '1', amount: '30.50' }, { group: 'CO', reason: '45', amount: '15.00' }] },
          { lineNumber: 3, paidAmount: '40.00', procedure: '96372', modifiers: ['59', 'RT'], units: '1', adjustments: [{ group: 'CO', reason: '45', amount: '45.00' }] },
        ],
      },
    }],
    ...overrides,
  });
}

export function* manyClaims(count: number, linesPerClaim = 3): Generator<Claim837> {
  const base = dependentClaim();
  const others = [selfClaim(), renderingFacilityClaim(), replacementClaim()];
  for (let i = 0; i < count; i++) {
    const pcn = `B${String(i + 1).padStart(8, '0')}`;
    if (i % 4 === 0) {
      const lines = Array.from({ length: linesPerClaim }, (_, j) => ({ ...base.lines[j % base.lines.length]!, amount: '100.00' }));
      yield { ...base, patientControlNumber: pcn, totalAmount: `${linesPerClaim * 100}.00`, lines, subscriber: { ...base.subscriber, memberId: `MCD${String(i).padStart(7, '0')}` } };
    } else {
      const other = others[i % 3]!;
      yield { ...other, patientControlNumber: pcn, subscriber: { ...other.subscriber, memberId: `W${String(i).padStart(9, '0')}` } };
    }
  }
}
