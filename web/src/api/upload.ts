// The one non-GraphQL call of the console: a CSV artifact goes to REST POST /artifacts?feed=...
// (files do not travel through GraphQL). XMLHttpRequest because fetch reports no upload progress.
import { readToken } from '../auth/token-store.ts';

export interface UploadedArtifact {
  id: string;
  rowCount: number;
  duplicateOf: string | null;
  fileName: string;
  sizeBytes: number;
  feed: string;
}

export function uploadArtifact(feed: string, file: File, onProgress: (fraction: number) => void): Promise<UploadedArtifact> {
  return new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    request.open('POST', `/artifacts?feed=${encodeURIComponent(feed)}&fileName=${encodeURIComponent(file.name)}`);
    const token = readToken();
    if (token) request.setRequestHeader('authorization', `Bearer ${token}`);
    request.setRequestHeader('content-type', file.name.endsWith('.jsonl') || file.name.endsWith('.ndjson') ? 'application/x-ndjson' : 'text/csv');
    request.setRequestHeader('accept', 'application/json');
    request.upload.onprogress = (event) => {
      if (event.lengthComputable) onProgress(event.loaded / event.total);
    };
    request.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(request.responseText);
      } catch {
        // not JSON
      }
      if (request.status >= 200 && request.status < 300) {
        onProgress(1);
        resolve(body as UploadedArtifact);
      } else {
        const message = (body as { error?: { message?: string } } | null)?.error?.message ?? `upload failed with HTTP ${request.status}`;
        reject(new Error(message));
      }
    };
    request.onerror = () => reject(new Error('the upload did not reach the server'));
    request.send(file);
  });
}

export interface PostedRemittance {
  remittanceId: string;
  status: 'POSTED' | 'HELD' | 'DUPLICATE';
  claimsPosted: number;
  claimsUnmatched: number;
  reason: string | null;
}

/**
 * An 835 file goes to REST POST /remittances, the route partners push to, so the console posts
 * through the same parse and the same SQL function (billing.fn_post_remittance); x-rcm-source
 * records that an operator uploaded it.
 */
export async function uploadRemittance(file: File): Promise<PostedRemittance[]> {
  const token = readToken();
  const response = await fetch('/remittances', {
    method: 'POST',
    headers: { 'content-type': 'application/edi-x12', accept: 'application/json', 'x-rcm-source': 'console', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: file,
  });
  const body = (await response.json().catch(() => null)) as { remittances?: PostedRemittance[]; error?: { message?: string } } | null;
  if (!response.ok) throw new Error(body?.error?.message ?? `upload failed with HTTP ${response.status}`);
  return body?.remittances ?? [];
}
