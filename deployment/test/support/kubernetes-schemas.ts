import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Service } from 'kubernetes-models/v1';
import { parse } from 'yaml';

/** A Kubernetes object as far as its schema lookup needs it. */
export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- inspected per kind by the tests
}

const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'networking.k8s.io/v1/Ingress': Ingress,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

/** KEDA's CRDs, vendored from kedacore/keda v2.20.1 (schemas/keda/README.md). */
const KEDA_CRDS = ['keda.sh_scaledobjects.yaml', 'keda.sh_triggerauthentications.yaml'];

/**
 * As the API server's strict field validation (kubectl's default) does: an object schema that lists
 * its properties refuses others, unless it preserves unknown fields.
 */
function strict(schema: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (Array.isArray(value))
      out[key] = value.map((item) =>
        item && typeof item === 'object' ? strict(item as Record<string, unknown>) : item,
      );
    else if (value && typeof value === 'object') out[key] = strict(value as Record<string, unknown>);
    else out[key] = value;
  }
  if (
    schema.properties &&
    !('additionalProperties' in schema) &&
    !schema['x-kubernetes-preserve-unknown-fields']
  )
    out.additionalProperties = false;
  return out;
}

function kedaValidators(): Record<string, ValidateFunction> {
  // OpenAPI v3 structural schemas: the x-kubernetes-* keywords are annotations to ajv; formats
  // such as int32 are not checked (the API server does not check most of them either).
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  const validators: Record<string, ValidateFunction> = {};
  for (const file of KEDA_CRDS) {
    const crd = parse(
      readFileSync(fileURLToPath(new URL(`../schemas/keda/${file}`, import.meta.url)), 'utf8'),
    ) as {
      spec: {
        group: string;
        names: { kind: string };
        versions: { name: string; schema: { openAPIV3Schema: Record<string, unknown> } }[];
      };
    };
    for (const version of crd.spec.versions) {
      validators[`${crd.spec.group}/${version.name}/${crd.spec.names.kind}`] = ajv.compile(
        strict(version.schema.openAPIV3Schema),
      );
    }
  }
  return validators;
}

const keda = kedaValidators();

/**
 * Checks `object` against its kind's published schema: the Kubernetes API's (kubernetes-models) or
 * KEDA's CRD. Throws naming the kind and every violation; a kind without a schema here throws too.
 */
export function validateKubernetesObject(object: KubernetesObject): void {
  const key = `${object.apiVersion}/${object.kind}`;
  const { name } = object.metadata;
  const Model = MODELS[key];
  if (Model) return new (Model as new (data: KubernetesObject) => { validate(): void })(object).validate();
  const validate = keda[key];
  if (!validate) throw new Error(`no schema for ${key}`);
  if (!validate(object)) throw new Error(`${key} ${name}: ${JSON.stringify(validate.errors)}`);
}
