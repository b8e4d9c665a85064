// CAQH CORE connectivity envelopes travel as multipart/form-data in both directions.
// Writing uses the platform's FormData serializer; reading uses busboy.

import busboy from 'busboy';
import { Readable } from 'node:stream';

export type CoreFields = Record<string, string>;

export async function encodeMultipart(fields: CoreFields): Promise<{ contentType: string; body: Buffer }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const response = new Response(form);
  return { contentType: response.headers.get('content-type') ?? 'multipart/form-data', body: Buffer.from(await response.arrayBuffer()) };
}

/** Reads text fields and file parts (as UTF-8 text) of a multipart/form-data body. */
export function readMultipart(contentType: string, body: Buffer | Readable): Promise<CoreFields> {
  return new Promise((resolve, reject) => {
    const fields: CoreFields = {};
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': contentType }, limits: { fieldSize: 10 * 1024 * 1024 } });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        fields[name] = Buffer.concat(chunks).toString('utf8');
      });
    });
    parser.on('error', reject);
    parser.on('close', () => resolve(fields));
    (Buffer.isBuffer(body) ? Readable.from([body]) : body).pipe(parser);
  });
}
