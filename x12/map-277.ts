// 277 mapping, shared by the 005010X214 claim acknowledgment (277CA) and the 005010X212
// claim status response. HL 20 information source, 21 information receiver, 19 provider,
// 22 subscriber (X212) or PT patient (X214), 23 dependent (X212). A TRN at level 22/23 starts
// a claim (2200D/E; several may follow one HL); SVC starts one of its lines (2220D/E).

import { claimStatusCategoryTitle, claimStatusDescription, entityIdentifierDescription } from './code-lists.ts';
import { amountOrRaw } from './decimal.ts';
import { partyFrom } from './map-837.ts';
import { isoDate } from './map-common.ts';
import { components, element } from './tokenize.ts';
import type { Delimiters, Segment } from './tokenize.ts';
import type { ClaimStatus, LevelStatus277, ParsedClaimStatus277, ParsedStatusLine277, PartyRef, Transaction277 } from './types-claims.ts';

function variantOf(implementationReference: string | null): Transaction277['variant'] {
  const ref = implementationReference ?? '';
  if (ref.includes('X214')) return 'claim-acknowledgment';
  if (/X212|X093/.test(ref)) return 'claim-status';
  return 'unknown';
}

function statusesOf(stc: Segment, delimiters: Delimiters, where: string, warnings: string[]): ClaimStatus[] {
  const optionalAmount = (position: number): string | null => {
    const value = element(stc, position);
    return value ? amountOrRaw(value, where, warnings) : null;
  };
  const shared = {
    effectiveDate: element(stc, 2) ? isoDate(element(stc, 2)) : null,
    actionCode: element(stc, 3) || null,
    chargeAmount: optionalAmount(4),
    paidAmount: optionalAmount(5),
    message: element(stc, 12) || null,
  };
  const out: ClaimStatus[] = [];
  for (const position of [1, 10, 11]) {
    const [category = '', code = '', entity = ''] = components(stc, position, delimiters);
    if (!category && !code) continue;
    out.push({
      category,
      categoryDescription: claimStatusCategoryTitle(category),
      code,
      codeDescription: claimStatusDescription(code),
      entity: entity || null,
      entityDescription: entityIdentifierDescription(entity),
      ...shared,
    });
  }
  if (out.length === 0) warnings.push(`${where}: STC without a status composite`);
  return out;
}

function dates(dtp: Segment): { start: string | null; end: string | null } {
  const value = element(dtp, 3);
  if (element(dtp, 2) === 'RD8') {
    const [start = '', end = ''] = value.split('-');
    return { start: isoDate(start), end: end ? isoDate(end) : null };
  }
  return { start: value ? isoDate(value) : null, end: null };
}

export function map277(
  body: Segment[],
  header: { controlNumber: string; implementationReference: string | null; groupControlNumber: string | null },
  delimiters: Delimiters,
  warnings: string[],
): Transaction277 {
  const result: Transaction277 = {
    type: '277',
    ...header,
    variant: variantOf(header.implementationReference),
    referenceId: null,
    informationSource: null,
    informationReceiver: null,
    levelStatuses: [],
    claims: [],
  };
  const where = (segment: Segment): string => `277 ${header.controlNumber} segment ${segment.position}`;
  let level = '';
  let provider: PartyRef | null = null;
  let subscriber: PartyRef | null = null;
  let patient: PartyRef | null = null;
  let levelStatus: LevelStatus277 | null = null;
  let claim: ParsedClaimStatus277 | null = null;
  let line: ParsedStatusLine277 | null = null;

  const openLevelStatus = (): LevelStatus277 | null => {
    if (levelStatus) return levelStatus;
    const kind = level === '21' ? 'information_receiver' : level === '19' ? 'provider' : null;
    if (!kind) return null;
    levelStatus = { level: kind, entity: kind === 'provider' ? provider : result.informationReceiver, traceNumber: null, statuses: [] };
    result.levelStatuses.push(levelStatus);
    return levelStatus;
  };

  for (const segment of body) {
    switch (segment.id) {
      case 'BHT':
        result.referenceId = element(segment, 3) || null;
        break;
      case 'HL':
        level = element(segment, 3);
        claim = null;
        line = null;
        levelStatus = null;
        if (level === '19') provider = null;
        if (level === '19' || level === '22' || level === 'PT') {
          subscriber = null;
          patient = null;
        }
        if (level === '23') patient = null;
        if (!['20', '21', '19', '22', '23', 'PT'].includes(level)) warnings.push(`${where(segment)}: HL03 ${level} is not a 277 level (20, 21, 19, 22, 23, PT)`);
        break;
      case 'NM1': {
        const party = partyFrom(segment);
        if (level === '20') result.informationSource = party;
        else if (level === '21') result.informationReceiver = party;
        else if (level === '19') provider = party;
        else if (level === '22' || level === 'PT') subscriber = party;
        else if (level === '23') patient = party;
        break;
      }
      case 'TRN':
        if (level === '22' || level === '23' || level === 'PT') {
          line = null;
          claim = {
            patientControlNumber: element(segment, 2),
            traceNumber: element(segment, 2),
            payerClaimControlNumber: null,
            clearinghouseTraceNumber: null,
            billType: null,
            provider,
            subscriber,
            patient,
            serviceDate: null,
            serviceDateEnd: null,
            statuses: [],
            lines: [],
          };
          result.claims.push(claim);
        } else {
          const status = openLevelStatus();
          if (status) status.traceNumber = element(segment, 2) || null;
        }
        break;
      case 'STC': {
        const statuses = statusesOf(segment, delimiters, where(segment), warnings);
        if (line) line.statuses.push(...statuses);
        else if (claim) claim.statuses.push(...statuses);
        else {
          const status = openLevelStatus();
          if (status) status.statuses.push(...statuses);
          else warnings.push(`${where(segment)}: STC outside a claim, provider or receiver level`);
        }
        break;
      }
      case 'REF': {
        const qualifier = element(segment, 1);
        const value = element(segment, 2) || null;
        if (line) {
          if (qualifier === 'FJ') line.lineItemControlNumber = value;
        } else if (claim) {
          if (qualifier === '1K') claim.payerClaimControlNumber = value;
          else if (qualifier === 'D9') claim.clearinghouseTraceNumber = value;
          else if (qualifier === 'BLT') claim.billType = value;
          else if (qualifier === 'EJ' && value) claim.patientControlNumber = value;
        }
        break;
      }
      case 'DTP': {
        const target = line ?? claim;
        if (target && element(segment, 1) === '472') {
          const { start, end } = dates(segment);
          target.serviceDate = start;
          target.serviceDateEnd = end;
        }
        break;
      }
      case 'SVC': {
        if (!claim) {
          warnings.push(`${where(segment)}: SVC outside a claim`);
          break;
        }
        const [qualifier = '', procedure = '', ...modifiers] = components(segment, 1, delimiters);
        const isRevenue = qualifier === 'NU';
        line = {
          procedure: isRevenue ? null : procedure || null,
          procedureQualifier: isRevenue ? null : qualifier || null,
          modifiers: isRevenue ? [] : modifiers.filter(Boolean),
          revenueCode: isRevenue ? procedure || null : element(segment, 4) || null,
          chargeAmount: element(segment, 2) ? amountOrRaw(element(segment, 2), where(segment), warnings) : null,
          paidAmount: element(segment, 3) ? amountOrRaw(element(segment, 3), where(segment), warnings) : null,
          units: element(segment, 7) || null,
          lineItemControlNumber: null,
          serviceDate: null,
          serviceDateEnd: null,
          statuses: [],
        };
        claim.lines.push(line);
        break;
      }
      default:
        break;
    }
  }
  for (const c of result.claims) {
    if (c.statuses.length === 0) warnings.push(`277 ${header.controlNumber}: claim ${c.patientControlNumber} has no STC status`);
  }
  return result;
}
