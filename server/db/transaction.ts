// One way to run work in a transaction: BEGIN, the work, COMMIT — or ROLLBACK and rethrow. A client
// whose connection broke is destroyed rather than returned to the pool.
import type pg from 'pg';

export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A connection that dies between two statements emits 'error' on the client; unheard, Node would
  // treat it as an uncaught exception and stop the server. The next statement fails and we roll back.
  const onError = (err: Error) => {
    broken = err;
  };
  client.on('error', onError);
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (err) {
    try {
      await client.query('rollback');
    } catch (rollbackError) {
      broken = rollbackError as Error; // the connection is gone: do not reuse it
    }
    throw err;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}
