/**
 * `target` seen through a Proxy: the members named in `overrides` are replaced, every other member
 * reads through (methods bound to `target`, so private fields keep working). Capabilities an
 * adapter declares by its members (checked as data, never with `instanceof`) are therefore kept.
 */
export function decorate<T extends object>(target: T, overrides: Partial<Record<keyof T, unknown>>): T {
  const bound = new Map<PropertyKey, { from: unknown; to: unknown }>();
  return new Proxy(target, {
    get(object, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof T];
      const value: unknown = Reflect.get(object, property, object);
      if (typeof value !== 'function') return value;
      const known = bound.get(property);
      if (known?.from === value) return known.to;
      const to = (value as (...args: unknown[]) => unknown).bind(object);
      bound.set(property, { from: value, to });
      return to;
    },
  });
}
