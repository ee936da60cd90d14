// Small helpers the query modules share: optional filters as bind parameters, and GeoJSON
// FeatureCollections built by PostGIS (one JSON text, sent to the client without re-serialising).
import type { FastifyReply } from 'fastify';

/** Decimal places of every coordinate we send: 6 ≈ 0.1 m, finer than any of our data. */
export const COORD_DECIMALS = 6;

/**
 * A WHERE clause assembled from fixed SQL fragments; every user-supplied value goes through
 * bind() and reaches PostgreSQL as a bind parameter, never as SQL text.
 */
export class Filters {
  readonly params: unknown[] = [];
  private readonly clauses: string[] = [];

  /** Adds a bind parameter and returns its placeholder ($n). */
  bind(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  where(clause: string): this {
    this.clauses.push(clause);
    return this;
  }

  /** "where a and b", or "" without conditions. */
  get sql(): string {
    return this.clauses.length ? `where ${this.clauses.join(' and ')}` : '';
  }

  /** "and a and b", or "" (to extend a WHERE that already exists). */
  get andSql(): string {
    return this.clauses.map((c) => ` and ${c}`).join('');
  }
}

/**
 * Wraps a query yielding rows (id, geometry json, properties json) into one FeatureCollection,
 * returned as the single text column `body`, features ordered by id.
 */
export function featureCollectionSql(features: string): string {
  return `select json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
            'type', 'Feature', 'id', f.id, 'geometry', f.geometry, 'properties', f.properties) order by f.id), '[]'::json))::text as body
            from (${features}) f`;
}

/** Sends JSON text that PostgreSQL already serialised (the route's response schema documents its shape). */
export function sendJsonText(reply: FastifyReply, json: string): FastifyReply {
  return reply.type('application/json; charset=utf-8').send(json);
}
