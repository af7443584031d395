import { describe, expect, it } from 'vitest';
import { clearSecrets, registerSecret } from '../../errors/index.js';
import { offsetOf, parseSnowflakeError, toSnowflakeConnectionError, toSnowflakeError } from './snowflake-errors.js';

/** The shape snowflake-sdk gives a failed statement (OperationFailedError). */
function sfError(code: string, message: string, sqlState = '42000', queryId = '01b2-query'): Error {
  return Object.assign(new Error(message), { name: 'OperationFailedError', code, sqlState, data: { queryId, sqlState } });
}

const login = { targetName: 'prod', account: 'myorg-acct', user: 'opp', role: 'TRANSFORMER', warehouse: 'ETL_SMALL', database: 'OPP', schema: 'PUBLIC', keyPair: false };

describe('toSnowflakeError', () => {
  it('keeps the code, SQL state and query id, on one line', () => {
    const sql = 'select id,\n  nope\nfrom t';
    const e = toSnowflakeError(sfError('000904', "SQL compilation error: error line 2 at position 2\ninvalid identifier 'NOPE'"), sql, {
      nodeId: 'model.p.m',
      compiledPath: 'target/compiled/p/m.sql',
    });
    expect(e.code).toBe('database/query-failed');
    expect(e.message).toBe("000904 (42000): SQL compilation error: error line 2 at position 2 invalid identifier 'NOPE' [query id 01b2-query]");
    expect(e.vendorCode).toBe('000904');
    expect(e.sqlState).toBe('42000');
    expect(e.queryId).toBe('01b2-query');
    expect(e.location).toEqual({ file: 'target/compiled/p/m.sql', line: 2, column: 3 });
    expect(e.hint).toMatch(/upper-cased/);
  });

  it('maps the position into the compiled SELECT a statement embeds', () => {
    const compiled = 'select a,\n  b_missing\nfrom t';
    const sql = `create or replace transient table x as (\n${compiled}\n)`;
    const e = toSnowflakeError(sfError('000904', "SQL compilation error: error line 3 at position 2\ninvalid identifier 'B_MISSING'"), sql, {
      compiledSql: compiled,
      compiledPath: 'target/compiled/p/x.sql',
    });
    expect(e.location).toEqual({ file: 'target/compiled/p/x.sql', line: 2, column: 3 });
  });

  it('names a cancelled statement run/interrupted and a timeout with the target setting', () => {
    expect(toSnowflakeError(sfError('000604', 'SQL execution canceled', '57014'), 'select 1').code).toBe('run/interrupted');
    const t = toSnowflakeError(sfError('000630', 'Statement reached its statement or warehouse timeout of 5 second(s) and was canceled.', '57014'), 'select 1', { statementTimeout: 5 });
    expect(t.code).toBe('database/query-failed');
    expect(t.message).toMatch(/^000630 \(57014\): Statement reached/);
    expect(t.hint).toMatch(/statement_timeout \(5 s\)/);
  });

  it('calls a request that never got an answer a lost connection', () => {
    const err = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { name: 'NetworkError', code: 401001 });
    const e = toSnowflakeError(err, 'select 1');
    expect(e.code).toBe('database/connection-failed');
    expect(e.hint).toMatch(/connection to Snowflake was lost/);
  });

  it('finds line/position offsets and ignores positions outside the text', () => {
    expect(offsetOf('ab\ncd', 2, 1)).toBe(4);
    expect(offsetOf('ab', 3, 0)).toBeUndefined();
    expect(parseSnowflakeError(sfError('001003', 'syntax error line 9 at position 1'), 'x').offset).toBeUndefined();
  });
});

describe('toSnowflakeConnectionError', () => {
  it('names the target and what to check for each login failure', () => {
    const wrong = toSnowflakeConnectionError(sfError('390100', 'Incorrect username or password was specified.', '08004'), login);
    expect(wrong.code).toBe('database/connection-failed');
    expect(wrong.message).toBe("could not connect to Snowflake (target 'prod', account 'myorg-acct', user 'opp'): 390100: Incorrect username or password was specified.");
    expect(wrong.hint).toMatch(/'user' and 'password'/);
    expect(toSnowflakeConnectionError(sfError('390189', "Role 'X' specified in the connect string is not granted"), login).hint).toMatch(/'role' \('TRANSFORMER'\)/);
    expect(toSnowflakeConnectionError(sfError('390201', 'The requested warehouse does not exist or not authorized.'), login).hint).toMatch(/'warehouse' \('ETL_SMALL'\)/);
    expect(toSnowflakeConnectionError(sfError('390201', 'The requested database does not exist or not authorized.'), login).hint).toMatch(/'database' \('OPP'\)/);
    expect(toSnowflakeConnectionError(sfError('390144', 'JWT token is invalid.'), { ...login, keyPair: true }).hint).toMatch(/private_key_path/);
  });

  it('points at the host for a network failure and never prints a secret', () => {
    clearSecrets();
    registerSecret('hunter22-secret');
    const err = Object.assign(new Error('Network error. Could not reach Snowflake.'), {
      name: 'NetworkError',
      code: 401001,
      cause: new Error('connect ECONNREFUSED 127.0.0.1:9 (password hunter22-secret)'),
    });
    const e = toSnowflakeConnectionError(err, { ...login, accessUrl: 'http://127.0.0.1:9' });
    expect(e.message).toBe("could not connect to Snowflake (target 'prod', http://127.0.0.1:9, user 'opp'): connect ECONNREFUSED 127.0.0.1:9 (password ****)");
    expect(e.hint).toMatch(/http:\/\/127\.0\.0\.1:9 is reachable/);
    clearSecrets();
  });
});
