// Segment readers shared by the 270 and 271 mappings.

import { DATE_QUALIFIERS } from './codes.ts';
import { element } from './tokenize.ts';
import type { Segment } from './tokenize.ts';
import type { Address, DateValue, Entity, Person, Reference, TraceNumber } from './types.ts';

export function isoDate(ccyymmdd: string): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(ccyymmdd);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : ccyymmdd;
}

/** DTP: D8 single date or RD8 range (CCYYMMDD-CCYYMMDD). */
export function readDate(dtp: Segment): DateValue {
  const qualifier = element(dtp, 1);
  const format = element(dtp, 2);
  const value = element(dtp, 3);
  const [start, end] = format === 'RD8' ? value.split('-') : [value, undefined];
  return {
    qualifier,
    name: DATE_QUALIFIERS[qualifier] ?? `dtp${qualifier}`,
    start: isoDate(start ?? ''),
    end: end ? isoDate(end) : null,
  };
}

export function readEntity(nm1: Segment): Entity {
  return {
    entityId: element(nm1, 1),
    entityType: element(nm1, 2),
    name: element(nm1, 3),
    firstName: element(nm1, 4) || null,
    middleName: element(nm1, 5) || null,
    idQualifier: element(nm1, 8) || null,
    id: element(nm1, 9) || null,
  };
}

export function readTrace(trn: Segment): TraceNumber {
  return {
    type: element(trn, 1),
    reference: element(trn, 2),
    originatorId: element(trn, 3),
    secondaryReference: element(trn, 4) || null,
  };
}

export function readReference(ref: Segment): Reference {
  return { qualifier: element(ref, 1), value: element(ref, 2), description: element(ref, 3) || null };
}

export function emptyPerson(): Person {
  return {
    id: null, idQualifier: null, firstName: null, lastName: null, middleName: null,
    dob: null, gender: null, address: null, references: [], relationship: null,
  };
}

export function applyName(person: Person, nm1: Segment): void {
  person.lastName = element(nm1, 3) || null;
  person.firstName = element(nm1, 4) || null;
  person.middleName = element(nm1, 5) || null;
  person.idQualifier = element(nm1, 8) || null;
  person.id = element(nm1, 9) || null;
}

export function applyDemographics(person: Person, dmg: Segment): void {
  if (element(dmg, 1) === 'D8' && element(dmg, 2)) person.dob = isoDate(element(dmg, 2));
  person.gender = element(dmg, 3) || null;
}

export function applyAddress(person: Person, segment: Segment): void {
  const address: Address = person.address ?? { lines: [], city: '', state: '', postalCode: '' };
  if (segment.id === 'N3') address.lines.push(...[element(segment, 1), element(segment, 2)].filter(Boolean));
  if (segment.id === 'N4') {
    address.city = element(segment, 1);
    address.state = element(segment, 2);
    address.postalCode = element(segment, 3);
  }
  person.address = address;
}

/** HL03 hierarchical level code to the loop letter the guides use (2000A..2000D). */
export function levelLetter(hlLevelCode: string): string {
  switch (hlLevelCode) {
    case '20': return 'A';
    case '21': return 'B';
    case '22': return 'C';
    case '23': return 'D';
    default: return '?';
  }
}
