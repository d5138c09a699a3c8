/** Clauses that start a new line when they occur outside quotes and parentheses. */
const CLAUSES = [
  'from',
  'inner join',
  'where',
  'order by',
  'offset',
  'fetch next',
  'values',
  'set',
  'into',
  'select',
  'for update',
];
const CLAUSE_AT = new RegExp(`^ (?:${CLAUSES.join('|')})\\b`);

/** In a PL/SQL unit (a switch's capture trigger), a line ends after these. */
const PLSQL_LINE_END = /(?:;|\bbegin|\bthen|\bcompound trigger)$/;

/**
 * `sql` laid out for reading: each clause on its own line and each column of a CREATE TABLE on its
 * own line, indented; a PL/SQL unit (CREATE TRIGGER) broken after each `;`, `begin` and `then`
 * instead. Only spaces outside quotes become line breaks, so `collapseSql` of the result gives back
 * exactly the SQL sent.
 */
export function displaySql(sql: string): string {
  const createTable = sql.startsWith('create table ');
  const plsql = sql.startsWith('create or replace trigger ');
  let out = '';
  let depth = 0;
  let quote: string | undefined;
  for (let i = 0; i < sql.length; i++) {
    const char = sql.charAt(i);
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '(') {
      depth++;
    } else if (char === ')') {
      depth--;
    } else if (char === ' ' && depth === 0 && plsql) {
      if (PLSQL_LINE_END.test(out)) {
        out += '\n  ';
        continue;
      }
    } else if (char === ' ' && depth === 0 && !createTable && breaksBefore(sql.slice(i), out)) {
      out += '\n  ';
      continue;
    } else if (char === ' ' && depth === 1 && createTable && sql.charAt(i - 1) === ',') {
      out += '\n  ';
      continue;
    }
    out += char;
  }
  return out;
}

/** Whether the clause at the start of `rest` opens a line; `insert into` stays together. */
function breaksBefore(rest: string, before: string): boolean {
  return CLAUSE_AT.test(rest) && !(rest.startsWith(' into') && before.endsWith('insert'));
}

/** The SQL `displaySql` laid out, on one line again. */
export function collapseSql(displayed: string): string {
  return displayed.replace(/\n {2}/g, ' ');
}
