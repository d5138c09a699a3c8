import type { InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import { OracleInstrumentation } from '@opentelemetry/instrumentation-oracledb';

/** The CommonJS module behind an ES module namespace (what `import('oracledb')` gives); else `exports`. */
function commonJsModule(exports: unknown): unknown {
  const namespace = exports as { [Symbol.toStringTag]?: unknown; default?: unknown } | undefined;
  return namespace?.[Symbol.toStringTag] === 'Module' ? namespace.default : exports;
}

/**
 * The official oracledb instrumentation, made to work when oracledb is imported from an ES module, as
 * the Oracle adapter imports it. The official one registers itself on the module's `traceHandler`,
 * which oracledb's ES module namespace does not export by name, so an imported oracledb made no
 * spans; this one hands it the CommonJS module inside the namespace.
 */
export class OracledbInstrumentation extends OracleInstrumentation {
  protected override init(): InstrumentationNodeModuleDefinition[] {
    return super.init().map((definition) => {
      const { patch, unpatch } = definition;
      if (patch)
        definition.patch = (exports, version) => {
          patch(commonJsModule(exports), version);
          return exports;
        };
      if (unpatch) definition.unpatch = (exports, version) => unpatch(commonJsModule(exports), version);
      return definition;
    });
  }
}
