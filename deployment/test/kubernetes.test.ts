import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Ingress } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { Service } from 'kubernetes-models/v1';
import { parse } from 'yaml';

const dir = fileURLToPath(new URL('../kubernetes/', import.meta.url));
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'apps/v1/Deployment': Deployment,
  'v1/Service': Service,
  'networking.k8s.io/v1/Ingress': Ingress,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};
const SHUTDOWN_TIMEOUT_SECONDS = 25;

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- inspected per kind below
}

const manifests: [string, Manifest][] = readdirSync(dir)
  .filter((file) => file.endsWith('.yaml') && file !== 'kustomization.yaml')
  .map((file) => [file, parse(readFileSync(dir + file, 'utf8')) as Manifest]);

describe('Kubernetes manifests', () => {
  it('kustomization lists every manifest', () => {
    const kustomization = parse(readFileSync(dir + 'kustomization.yaml', 'utf8')) as { resources: string[] };
    expect([...kustomization.resources].sort()).toEqual(manifests.map(([file]) => file).sort());
  });

  it.each(manifests)('%s is valid against the Kubernetes schema', (_file, manifest) => {
    const Model = MODELS[`${manifest.apiVersion}/${manifest.kind}`];
    expect(Model).toBeDefined();
    expect(() =>
      new (Model as new (data: Manifest) => { validate(): void })(manifest).validate(),
    ).not.toThrow();
  });

  it('a schema violation is caught (the validation is real)', () => {
    const broken = structuredClone(
      manifests.find(([file]) => file === 'api-deployment.yaml')?.[1],
    ) as Manifest;
    broken.spec.replicas = 'two';
    expect(() => new Deployment(broken as never).validate()).toThrow();
  });

  it('probes hit the API health routes and the grace period outlasts a graceful shutdown', () => {
    const api = manifests.find(([file]) => file === 'api-deployment.yaml')?.[1];
    const pod = api?.spec.template.spec;
    const container = pod.containers[0];
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(SHUTDOWN_TIMEOUT_SECONDS + 5);
    const worker = manifests.find(([file]) => file === 'worker-deployment.yaml')?.[1];
    expect(worker?.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(
      SHUTDOWN_TIMEOUT_SECONDS,
    );
  });

  it('every selector matches its pods', () => {
    const labels = (file: string) =>
      manifests.find(([name]) => name === file)?.[1].spec.template.metadata.labels;
    const byFile = Object.fromEntries(manifests);
    expect(labels('api-deployment.yaml')).toMatchObject(byFile['api-service.yaml']?.spec.selector);
    expect(labels('api-deployment.yaml')).toMatchObject(byFile['api-pdb.yaml']?.spec.selector.matchLabels);
    expect(labels('worker-deployment.yaml')).toMatchObject(
      byFile['worker-pdb.yaml']?.spec.selector.matchLabels,
    );
    expect(byFile['api-hpa.yaml']?.spec.scaleTargetRef.name).toBe(
      byFile['api-deployment.yaml']?.metadata.name,
    );
  });
});
