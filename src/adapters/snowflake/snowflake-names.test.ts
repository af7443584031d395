import { describe, expect, it } from 'vitest';
import { isPlainIdentifier, normalizeSnowflakeName, quoteSnowflakeIdentifier, relationPart } from './snowflake-names.js';

describe('Snowflake identifier rules', () => {
  it('folds unquoted names to upper case and keeps others as written', () => {
    expect(normalizeSnowflakeName('order_id')).toBe('ORDER_ID');
    expect(normalizeSnowflakeName('OrderId')).toBe('ORDERID');
    expect(normalizeSnowflakeName('my table')).toBe('my table');
  });

  it('quotes identifiers only when bare would name another column', () => {
    expect(quoteSnowflakeIdentifier('ID')).toBe('ID');
    expect(quoteSnowflakeIdentifier('order_id')).toBe('order_id'); // folds to ORDER_ID, as models write it
    expect(quoteSnowflakeIdentifier('orderId')).toBe('"orderId"'); // mixed case: quote_columns keeps it
    expect(quoteSnowflakeIdentifier('my col')).toBe('"my col"');
    expect(quoteSnowflakeIdentifier('a"b')).toBe('"a""b"');
    expect(quoteSnowflakeIdentifier('1st')).toBe('"1st"');
    expect(quoteSnowflakeIdentifier('order')).toBe('"ORDER"'); // reserved: quoted in its folded form
    expect(quoteSnowflakeIdentifier('Order')).toBe('"Order"');
    expect(quoteSnowflakeIdentifier('_loaded_at')).toBe('_loaded_at');
  });

  it('renders relation parts bare as dbt-snowflake does, quoting only what cannot be bare', () => {
    expect(relationPart('analytics')).toBe('analytics');
    expect(relationPart('Fct_Orders')).toBe('Fct_Orders');
    expect(relationPart('my-schema')).toBe('"my-schema"');
    expect(relationPart('table')).toBe('"TABLE"');
    expect(isPlainIdentifier('select')).toBe(false);
    expect(isPlainIdentifier('partition')).toBe(true);
  });
});
