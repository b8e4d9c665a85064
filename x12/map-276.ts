// 005010X212 276 mapping: HL 20 payer, 21 information receiver, 19 provider, 22 subscriber,
// 23 dependent; each TRN at level 22/23 starts one claim inquiry (2200D/E).

import { isoDate } from './map-common.ts';
import { element } from './tokenize.ts';
import type { Segment } from './tokenize.ts';
import type { ClaimStatusInquiry276, Party276, Transaction276 } from './claim-status-276.ts';

type Header = { controlNumber: string; implementationReference: string | null; groupControlNumber: string | null };

const IGNORED_276_SEGMENTS = new Set(['DMG', 'SVC', 'PER', 'N3', 'N4']);

function party(nm1: Segment): Party276 {
  return { name: element(nm1, 3), firstName: element(nm1, 4) || null, idQualifier: element(nm1, 8) || null, id: element(nm1, 9) || null };
}

export function map276(body: Segment[], header: Header, warnings: string[]): Transaction276 {
  const result: Transaction276 = { type: '276', ...header, referenceId: null, payer: null, informationReceiver: null, inquiries: [] };
  let level = '';
  let provider: Party276 | null = null;
  let subscriber: Party276 | null = null;
  let dependent: Party276 | null = null;
  let inquiry: ClaimStatusInquiry276 | null = null;
  let inService = false;
  for (const segment of body) {
    switch (segment.id) {
      case 'BHT':
        result.referenceId = element(segment, 3) || null;
        break;
      case 'HL':
        level = element(segment, 3);
        inquiry = null;
        inService = false;
        if (level === '19') { provider = null; subscriber = null; dependent = null; }
        if (level === '22') { subscriber = null; dependent = null; }
        if (level === '23') dependent = null;
        break;
      case 'NM1':
        if (level === '20') result.payer = party(segment);
        else if (level === '21') result.informationReceiver = party(segment);
        else if (level === '19') provider = party(segment);
        else if (level === '22') subscriber = party(segment);
        else if (level === '23') dependent = party(segment);
        break;
      case 'TRN':
        inService = false;
        inquiry = {
          traceNumber: element(segment, 2), patientControlNumber: null, payerClaimControlNumber: null, chargeAmount: null,
          serviceDate: null, serviceDateEnd: null, provider, subscriber, dependent: level === '23' ? dependent : null,
        };
        result.inquiries.push(inquiry);
        break;
      case 'REF':
        if (!inquiry || inService) break;
        if (element(segment, 1) === 'EJ') inquiry.patientControlNumber = element(segment, 2);
        if (element(segment, 1) === '1K') inquiry.payerClaimControlNumber = element(segment, 2);
        break;
      case 'AMT':
        if (inquiry && element(segment, 1) === 'T3') inquiry.chargeAmount = element(segment, 2);
        break;
      case 'DTP': {
        if (!inquiry || inService || element(segment, 1) !== '472') break;
        const [start = '', end = ''] = element(segment, 2) === 'RD8' ? element(segment, 3).split('-') : [element(segment, 3)];
        inquiry.serviceDate = start ? isoDate(start) : null;
        inquiry.serviceDateEnd = end ? isoDate(end) : null;
        break;
      }
      default:
        if (segment.id === 'SVC') inService = true;
        else if (!IGNORED_276_SEGMENTS.has(segment.id)) warnings.push(`276 ${header.controlNumber}: unknown segment ${segment.id} at position ${segment.position}`);
    }
  }
  return result;
}
