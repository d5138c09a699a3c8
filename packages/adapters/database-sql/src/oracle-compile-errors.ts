import { sql, type Kysely } from 'kysely';

/**
 * Oracle's compile errors of the named stored units (procedures, triggers) as `name line N: text`,
 * empty when every one compiled. Oracle creates a unit that does not compile and only warns, and an
 * invalid trigger then fails every write to its table, so whoever creates one asks here. Names are
 * as Oracle stores them: upper case unless the unit was created with a quoted name.
 */
export async function oracleCompileErrors(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations call it with their own schema-free Kysely
  db: Kysely<any>,
  names: readonly string[],
): Promise<string[]> {
  const { rows } = await sql<{
    name: string;
    line: number;
    text: string;
  }>`select name "name", line "line", text "text" from user_errors where name in (${sql.join(names)}) and attribute = 'ERROR' order by name, sequence`.execute(
    db,
  );
  return rows.map((row) => `${row.name} line ${row.line}: ${row.text.trim()}`);
}
