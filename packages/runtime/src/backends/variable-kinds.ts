import { z } from 'zod';
import type { VariableSpec } from './descriptor.js';

/** A whole number in [min, max], `fallback` when unset. */
export const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** Optional non-blank text. */
export const text = () => z.string().trim().min(1).optional();

/** Non-blank text, `fallback` when unset. */
export const textOr = (fallback: string) => z.string().trim().min(1).default(fallback);

/** true/false/1/0/yes/no, `fallback` when unset. */
export const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => ['true', '1', 'yes'].includes(value));

/** One of `values`, the first when unset. */
export const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values).default(values[0] as never);

/** A variable spec; `credential` marks values that may embed a password. */
export const variable = <S extends z.ZodType>(
  schema: S,
  doc: string,
  options: { credential?: boolean } = {},
): VariableSpec<S> => ({ schema, doc, ...options });
