// How validation failures read to a user: the parameter by name, what it must be, what was sent.
import { describe, expect, it } from 'vitest';
import { describeValidationError } from './errors.ts';

describe('describeValidationError', () => {
  it('names query, path and body parts the way a user writes them', () => {
    expect(
      describeValidationError({ keyword: 'type', instancePath: '/limit', params: { type: 'integer' }, data: 'ten' }, 'querystring'),
    ).toBe("query parameter 'limit' must be a whole number, got 'ten'");
    expect(describeValidationError({ keyword: 'required', instancePath: '', params: { missingProperty: 'password' } }, 'body')).toBe(
      "body field 'password' is required",
    );
    expect(
      describeValidationError({ keyword: 'maximum', instancePath: '/z', params: { limit: 22, comparison: '<=' }, data: 30 }, 'params'),
    ).toBe("path parameter 'z' must be at most 22, got 30");
    expect(describeValidationError({ keyword: 'minLength', instancePath: '/items/0/name', params: { limit: 1 }, data: '' }, 'body')).toBe(
      "body field 'items.0.name' must not be empty",
    );
  });

  it("prefers the schema's own wording and lists the parameters a route takes", () => {
    expect(
      describeValidationError(
        {
          keyword: 'format',
          instancePath: '/from',
          params: { format: 'date-or-date-time' },
          data: 'yesterday',
          parentSchema: { errorMessage: 'must be an ISO date or date-time' },
        },
        'querystring',
      ),
    ).toBe("query parameter 'from' must be an ISO date or date-time, got 'yesterday'");
    expect(
      describeValidationError(
        {
          keyword: 'additionalProperties',
          instancePath: '',
          params: { additionalProperty: 'sort' },
          parentSchema: { properties: { from: {}, to: {} } },
        },
        'querystring',
      ),
    ).toBe("query parameter 'sort' is not known to this route; it takes from, to");
  });

  it('does not echo a long value back', () => {
    const long = 'x'.repeat(500);
    expect(describeValidationError({ keyword: 'pattern', instancePath: '/code', params: {}, data: long }, 'params')).toBe(
      "path parameter 'code' is not in the expected form",
    );
  });
});
