/**
 * The tokenizer and the expression translator on their own (no database): what DuckDB SQL a Snowflake
 * statement becomes.
 */
import { describe, expect, it } from 'vitest';
import { aliasSelectList } from '../../helpers/snowflake-server/statements.js';
import { mapDateFormat } from '../../helpers/snowflake-server/sql/format.js';
import { splitStatements, tokenize } from '../../helpers/snowflake-server/sql/tokenize.js';
import { Translator, type TranslateEnv } from '../../helpers/snowflake-server/sql/translate.js';
import { buildTree } from '../../helpers/snowflake-server/sql/tree.js';

const env: TranslateEnv = {
  session: { database: 'ANALYTICS', schema: 'PUBLIC', role: 'SYSADMIN', warehouse: 'WH', user: 'U', account: 'fake', sessionId: '1' },
  bind: (n) => `$${n}`,
  variable: (name) => (name === 'X' ? "'v'" : undefined),
};

function tr(sql: string, alias = false): string {
  const nodes = buildTree(tokenize(sql));
  return new Translator(env).render(alias ? aliasSelectList(nodes, sql) : nodes);
}

describe('tokenizer', () => {
  it('keeps strings, quoted identifiers, comments and $$ bodies intact', () => {
    const toks = tokenize(`select 'it''s \\'x\\'' , "Mixed ""q""", $$a 'b' -- c$$ -- trailing ;\n/* block ; */ // slash ;\n;`).filter((t) => t.kind !== 'ws');
    expect(toks.map((t) => [t.kind, t.value])).toEqual([
      ['word', 'SELECT'],
      ['str', "it's 'x'"],
      ['op', ','],
      ['qid', 'Mixed "q"'],
      ['op', ','],
      ['str', "a 'b' -- c"],
      ['comment', ''],
      ['comment', ''],
      ['comment', ''],
      ['op', ';'],
    ]);
  });

  it('splits statements only on top-level semicolons', () => {
    const parts = splitStatements(tokenize("select ';' ; select $$;$$; -- ;\n"));
    expect(parts).toHaveLength(2);
  });

  it('rejects unterminated literals', () => {
    expect(() => tokenize("select 'abc")).toThrow(/unterminated string/);
    expect(() => tokenize('select "abc')).toThrow(/unterminated quoted identifier/);
  });
});

describe('translator', () => {
  it('upper-cases unquoted identifiers only', () => {
    expect(tr(`select a, "b", t.c from db.sch.tbl t where x = 'lower'`)).toBe(`SELECT A, "b", T.C FROM DB.SCH.TBL T WHERE X = 'lower'`);
  });

  it('rewrites Snowflake functions', () => {
    expect(tr('select iff(a, 1, 2)')).toBe('SELECT (CASE WHEN A THEN 1 ELSE 2 END)');
    expect(tr("select datediff(day, a, b), dateadd('hour', 2, c), date_trunc(mm, d)")).toBe("SELECT date_diff('day', A, B), memory.main.sf_add_hour(C, 2), memory.main.sf_date_trunc('month', D)");
    expect(tr('select listagg(x, \',\') within group (order by y)')).toBe("SELECT string_agg(X, ',' ORDER BY Y)");
    expect(tr('select current_role(), current_database()')).toBe("SELECT 'SYSADMIN', 'ANALYTICS'");
    expect(tr("select to_char(d, 'YYYY-MM-DD HH24:MI')")).toBe("SELECT strftime(D, '%Y-%m-%d %H:%M')");
  });

  it('rewrites casts, JSON paths and binds', () => {
    expect(tr('select a::number(10,2), b::timestamp_ntz, c::variant, d::int')).toBe('SELECT CAST(A AS DECIMAL(10,2)), CAST(B AS TIMESTAMP), to_json(C), CAST(D AS BIGINT)');
    expect(tr('select v:a.B::string, v:"x y"[0], v[\'k\']')).toBe(`SELECT json_extract_string(V, '$.a.B'), json_extract(V, '$."x y"[0]'), json_extract(V, '$.k')`);
    expect(tr('select ?, :2, x::int from t where y = ? and z = :1')).toBe('SELECT $1, $2, CAST(X AS BIGINT) FROM T WHERE Y = $2 AND Z = $1');
    expect(tr('select case when a then 1 else 2 end::varchar')).toBe('SELECT memory.main.sf_to_varchar((CASE WHEN A THEN 1 ELSE 2 END))');
    expect(tr('select $x')).toBe("SELECT 'v'");
  });

  it('rewrites higher-order FILTER/TRANSFORM lambdas over semi-structured arrays', () => {
    expect(tr("select filter(v:items, x -> x:sku::string in ('a'))[0]:qty::int from t")).toBe(
      "SELECT CAST(json_extract_string(json_extract(to_json(list_filter(json_extract(to_json(json_extract(V, '$.items')), '$[*]'), lambda X: json_extract_string(X, '$.sku') IN('a'))), '$[0]'), '$.qty') AS BIGINT) FROM T",
    );
    expect(tr('select transform(a, (e int) -> e * 2)')).toBe("SELECT to_json(list_transform(list_transform(json_extract(to_json(A), '$[*]'), lambda E: CAST(E AS BIGINT)), lambda E: E * 2))");
    // DuckDB's aggregate FILTER clause is not a lambda call and stays as written
    expect(tr('select count(*) filter (where x > 1) from t')).toBe('SELECT COUNT(*) FILTER(WHERE X > 1) FROM T');
  });

  it('rewrites TABLE(GENERATOR(ROWCOUNT => n)) with SEQ4() and PERCENTILE_CONT/MEDIAN with Snowflake scale', () => {
    expect(tr('select row_number() over (order by seq4()) - 1 as n from table(generator(rowcount => 10)) g')).toBe(
      'SELECT ROW_NUMBER() OVER(ORDER BY __SF_SEQ) - 1 AS N FROM (SELECT range AS __SF_SEQ FROM range(CAST(10 AS BIGINT))) G',
    );
    // whole numbers interpolated at scale 6 and rounded to 3; DuckDB folds the CASE when it binds
    expect(tr('select percentile_cont(0.9) within group (order by x) from t')).toBe(
      "SELECT (CASE WHEN typeof(min(X)) IN ('TINYINT','SMALLINT','INTEGER','BIGINT','HUGEINT','UTINYINT','USMALLINT','UINTEGER','UBIGINT','UHUGEINT') OR typeof(min(X)) LIKE 'DECIMAL(%,0)' THEN round(quantile_cont((X) * 1.000000, 0.9), 3) ELSE quantile_cont((X) * 1.000, 0.9) END) FROM T",
    );
    const windowed = tr('select percentile_cont(0.25) within group (order by x desc nulls last) over (partition by g), median(y) from t');
    expect(windowed).toContain("typeof(min(X) over (PARTITION BY G)) LIKE 'DECIMAL(%,0)' THEN round(quantile_cont((X) * 1.000000, 1 - (0.25)) over (PARTITION BY G), 3)");
    expect(windowed).toContain('ELSE quantile_cont((Y) * 1.000, 0.5) END) FROM T');
    expect(() => tr('select seq4() from table(generator(timelimit => 1))')).toThrow(/TIMELIMIT/);
  });

  it('rewrites FROM VALUES with Snowflake column names', () => {
    expect(tr('select column1 from values (1, 2), (3, 4)')).toBe('SELECT COLUMN1 FROM (VALUES (1, 2), (3, 4)) AS _VALUES(COLUMN1, COLUMN2)');
    expect(tr('select * from values (1) as v(a)')).toBe('SELECT * FROM (VALUES (1)) AS V(A)');
    expect(tr('insert into t values (1)')).toBe('INSERT INTO T VALUES (1)');
  });

  it('names unaliased select items by their text', () => {
    expect(tr('select count(*), a, t.b, c as d, e f, 1 + 2 from t', true)).toBe('SELECT COUNT(*) AS "COUNT(*)", A, T.B, C AS D, E F, 1 + 2 AS "1 + 2" FROM T');
  });

  it('maps date formats, quoting literals', () => {
    expect(mapDateFormat('YYYY-MM-DD"T"HH24:MI:SS.FF3 100%')).toBe('%Y-%m-%dT%H:%M:%S.%g 100%%');
    expect(mapDateFormat('dd mon yy')).toBe('%d %b %y');
  });
});
