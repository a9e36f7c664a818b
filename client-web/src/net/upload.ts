// Uploads (PROTOCOL.md "document.upload", "supplier.import"). Small files go as the JSON
// operation (base64); larger ones as the request body of POST /api/upload/... with the query
// naming the metadata. The answer is the ordinary JSON answer of the operation; failures become
// ApiError like every other call.
import { ApiError, errorFromWire } from '../protocol/errors';
import {
  DOCUMENT_FILENAME_MAX, DOCUMENT_TYPES, documentUploadPath, importUploadPath, type CaseDocument, type CaseVisibility, type ImportAnswer,
} from '../protocol/suppliers';
import type { Req } from '../protocol/ops';
import type { Api } from './api';
import type { FetchFn } from './http';

async function post<T>(fetchFn: FetchFn, path: string, body: Blob | string, contentType: string): Promise<T> {
  let response: Response;
  try {
    response = await fetchFn(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': contentType, Accept: 'application/json' },
      body,
    });
  } catch (e) {
    throw new ApiError('network', e instanceof Error ? e.message : 'network error');
  }
  let answer: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = await response.json();
    if (typeof parsed === 'object' && parsed !== null) answer = parsed as Record<string, unknown>;
  } catch {
    answer = null;
  }
  if (answer && answer.ok === true && response.ok) {
    const { ok: _ok, ...rest } = answer;
    return rest as T;
  }
  if (answer && answer.error !== undefined) throw errorFromWire(answer.error, response.headers.get('Retry-After'));
  const code = response.status === 413 ? 'too_large' : response.status === 403 ? 'forbidden'
    : response.status === 401 ? 'unauthorized' : response.status === 404 ? 'not_found' : 'internal';
  throw errorFromWire({ code, message: `HTTP ${response.status}` });
}

export interface DocumentUpload {
  caseId: number;
  title: string;
  visibility: CaseVisibility;
  exemptReason: string;
  file: File;
}

/** A content type the server can take; a file without one goes as application/octet-stream. */
export function uploadContentType(file: { type: string }): string {
  return file.type && /^[\w.+-]+\/[\w.+-]+$/.test(file.type) ? file.type : 'application/octet-stream';
}

/**
 * The content type a document goes with: the browser's when the server takes it, otherwise the
 * one its extension names (a browser may give none, or text/csv as application/vnd.ms-excel);
 * null when the server would refuse the file.
 */
export function documentContentType(file: { type: string; name: string }): string | null {
  const allowed = Object.values(DOCUMENT_TYPES);
  if (allowed.includes(file.type)) return file.type;
  const ext = /\.([A-Za-z0-9]+)$/.exec(file.name)?.[1]?.toLowerCase();
  return ext !== undefined && Object.prototype.hasOwnProperty.call(DOCUMENT_TYPES, ext) ? DOCUMENT_TYPES[ext]! : null;
}

/**
 * A filename the server takes: slashes, backslashes, quotes and control characters become "_",
 * and a long name keeps its extension within DOCUMENT_FILENAME_MAX characters.
 */
export function documentFilename(name: string): string {
  let clean = name.trim().replace(/[\/\\"\u0000-\u001f\u007f]/g, '_');
  const chars = [...clean];
  if (chars.length > DOCUMENT_FILENAME_MAX) {
    const ext = /\.[A-Za-z0-9]{1,10}$/.exec(clean)?.[0] ?? '';
    clean = chars.slice(0, DOCUMENT_FILENAME_MAX - ext.length).join('') + ext;
  }
  return clean === '' ? 'dokument' : clean;
}

/**
 * Files up to this size go as the JSON operation document.upload (base64, over the socket when it
 * is online): base64 grows by a third, and a message is at most 64 KiB.
 */
export const INLINE_DOCUMENT_MAX_BYTES = 44 * 1024;

/** Bytes to base64, in chunks (String.fromCharCode takes a limited number of arguments). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(binary);
}

/** The fields of the JSON operation document.upload for a small file. */
export async function inlineDocumentFields(u: DocumentUpload): Promise<Req<'document.upload'>> {
  return {
    case_id: u.caseId, title: u.title, filename: documentFilename(u.file.name), content_type: documentContentType(u.file) ?? uploadContentType(u.file), visibility: u.visibility,
    ...(u.exemptReason ? { exempt_reason: u.exemptReason } : {}),
    content_base64: toBase64(new Uint8Array(await u.file.arrayBuffer())),
  };
}

/** Sends a document: small files as document.upload through `api`, larger ones as an HTTP body. */
export async function sendDocument(api: Api, fetchFn: FetchFn, u: DocumentUpload): Promise<{ document: CaseDocument }> {
  if (u.file.size <= INLINE_DOCUMENT_MAX_BYTES) return api.request('document.upload', await inlineDocumentFields(u));
  return uploadDocument(fetchFn, u);
}

export function uploadDocument(fetchFn: FetchFn, u: DocumentUpload): Promise<{ document: CaseDocument }> {
  const path = documentUploadPath({
    case_id: u.caseId, title: u.title, visibility: u.visibility, filename: documentFilename(u.file.name),
    ...(u.exemptReason ? { exempt_reason: u.exemptReason } : {}),
  });
  return post(fetchFn, path, u.file, documentContentType(u.file) ?? uploadContentType(u.file));
}

/** supplier.import with the CSV as the body (for files over the 64 KiB message limit). */
export function uploadImport(fetchFn: FetchFn, csv: string, dryRun: boolean): Promise<ImportAnswer> {
  return post(fetchFn, importUploadPath(dryRun), csv, 'text/csv; charset=utf-8');
}
