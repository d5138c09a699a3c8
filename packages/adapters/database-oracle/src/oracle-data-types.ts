const VARCHAR = /^varchar\((\d+)\)$/i;

/**
 * Oracle's spelling of a column type as the shared migrations write it. `varchar(n)` becomes
 * `varchar2(n char)`: VARCHAR2 is Oracle's string type, and `char` makes `n` count characters, as
 * PostgreSQL and MySQL do, rather than bytes (the default). Integers become NUMBER of a fixed
 * precision (`integer` → `number(10)`, `bigint` → `number(19)`); `boolean`, which Oracle before 23ai
 * lacks, becomes `number(1)` holding 0 or 1; `text` becomes `clob`. Anything else is left as written.
 */
export function oracleDataType(dataType: string): string {
  const varchar = VARCHAR.exec(dataType);
  if (varchar) return `varchar2(${varchar[1]} char)`;
  switch (dataType.toLowerCase()) {
    case 'integer':
      return 'number(10)';
    case 'bigint':
      return 'number(19)';
    case 'boolean':
      return 'number(1)';
    case 'text':
      return 'clob';
    default:
      return dataType;
  }
}
