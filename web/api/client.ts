// The one way the web app talks to the server: same-origin fetch with the session's bearer token,
// errors carrying the server's own message, and a rejected token ending the session.
import { session } from '../app/session.ts';

export class ApiError extends Error {
  /** HTTP status, or 0 when the server could not be reached. */
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

interface RequestOptions {
  method?: 'GET' | 'POST';
  body?: unknown;
  signal?: AbortSignal;
}

export async function api<T>(path: string, { method = 'GET', body, signal }: RequestOptions = {}): Promise<T> {
  const token = session.get()?.token;
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiError(0, err instanceof Error ? err.message : String(err));
  }
  if (!response.ok) {
    const answer = (await response.json().catch(() => null)) as { message?: unknown } | null;
    // A token the server no longer accepts (expired, or signed before a restart): sign in again.
    if (response.status === 401 && token) session.end();
    throw new ApiError(response.status, typeof answer?.message === 'string' ? answer.message : response.statusText);
  }
  return (await response.json()) as T;
}
