import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { JOB_NAMES } from '@bharatmart/core';
import { Deployment } from 'kubernetes-models/apps/v1';
import { parse, parseAllDocuments } from 'yaml';
import { validateKubernetesObject } from './support/kubernetes-schemas.js';
import type { KubernetesObject } from './support/kubernetes-schemas.js';

const deployment = fileURLToPath(new URL('../', import.meta.url));
const base = join(deployment, 'kubernetes');
const overlays = join(deployment, 'kubernetes-autoscaling');
const SHUTDOWN_TIMEOUT_SECONDS = 25;

/** Every YAML file under `dir`, recursively. */
const yamlFiles = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? yamlFiles(join(dir, entry.name))
      : entry.name.endsWith('.yaml')
        ? [join(dir, entry.name)]
        : [],
  );
const files = [...yamlFiles(base), ...yamlFiles(overlays)];
const kustomizations = files.filter((file) => file.endsWith('/kustomization.yaml'));
const manifestFiles = files.filter((file) => !file.endsWith('/kustomization.yaml'));
const objectsOf = (file: string): KubernetesObject[] =>
  parseAllDocuments(readFileSync(file, 'utf8')).map((document) => document.toJS() as KubernetesObject);

/** What `kubectl apply -k dir` would apply, rendered by kubectl's own kustomize. */
function render(dir: string): KubernetesObject[] {
  let output: string;
  try {
    output = execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf8', timeout: 60_000 });
  } catch (error) {
    throw new Error(`kubectl kustomize ${dir} failed (is kubectl installed?)`, { cause: error });
  }
  return parseAllDocuments(output).map((document) => document.toJS() as KubernetesObject);
}
const rendered = Object.fromEntries(
  kustomizations.map((file) => [
    relative(deployment, file.slice(0, -'/kustomization.yaml'.length)),
    render(file.slice(0, -'/kustomization.yaml'.length)),
  ]),
);
const find = (objects: KubernetesObject[], kind: string, name: string) =>
  objects.find((object) => object.kind === kind && object.metadata.name === name);
const baseObjects = rendered['kubernetes'] ?? [];
const envFile = (name: string): Record<string, string> =>
  Object.fromEntries(
    readFileSync(join(deployment, 'env', name), 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_]+=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );

describe('Kubernetes manifests', () => {
  it('each kustomization lists every manifest of its directory', () => {
    expect(kustomizations.map((file) => relative(deployment, file)).sort()).toEqual([
      'kubernetes-autoscaling/bullmq/kustomization.yaml',
      'kubernetes-autoscaling/oci-queue/kustomization.yaml',
      'kubernetes-autoscaling/sqs/kustomization.yaml',
      'kubernetes/kustomization.yaml',
    ]);
    for (const file of kustomizations) {
      const dir = file.slice(0, -'kustomization.yaml'.length);
      const listed = (parse(readFileSync(file, 'utf8')) as { resources: string[] }).resources.filter((r) =>
        r.endsWith('.yaml'),
      );
      const present = manifestFiles.filter((m) => m.startsWith(dir) && !m.slice(dir.length).includes('/'));
      expect([...listed].sort()).toEqual(present.map((m) => m.slice(dir.length)).sort());
    }
  });

  it.each(manifestFiles.map((file) => [relative(deployment, file)]))(
    '%s is valid against its published schema',
    (file) => {
      const objects = objectsOf(join(deployment, file));
      expect(objects.length).toBeGreaterThan(0);
      for (const object of objects) expect(() => validateKubernetesObject(object)).not.toThrow();
    },
  );

  it.each(Object.keys(rendered).map((dir) => [dir]))(
    'kubectl kustomize %s renders only valid objects',
    (dir) => {
      const objects = rendered[dir] ?? [];
      expect(objects.length).toBeGreaterThan(0);
      for (const object of objects) expect(() => validateKubernetesObject(object)).not.toThrow();
    },
  );

  it('a schema violation is caught (the validation is real), for Kubernetes and KEDA kinds alike', () => {
    const broken = structuredClone(find(baseObjects, 'Deployment', 'bharatmart-api')) as KubernetesObject;
    broken.spec.replicas = 'two';
    expect(() => new Deployment(broken as never).validate()).toThrow();
    const scaled = find(rendered['kubernetes-autoscaling/bullmq'] ?? [], 'ScaledObject', 'bharatmart-worker');
    const typo = structuredClone(scaled) as KubernetesObject;
    typo.spec.minReplicas = typo.spec.minReplicaCount;
    expect(() => validateKubernetesObject(typo)).toThrow(/additionalProperties/);
    const wrongType = structuredClone(scaled) as KubernetesObject;
    wrongType.spec.maxReplicaCount = 'fifty';
    expect(() => validateKubernetesObject(wrongType)).toThrow();
  });

  it('probes hit the health routes and the grace period outlasts a graceful shutdown', () => {
    const pod = find(baseObjects, 'Deployment', 'bharatmart-api')?.spec.template.spec;
    const container = pod.containers[0];
    expect(container.readinessProbe.httpGet.path).toBe('/readyz');
    expect(container.livenessProbe.httpGet.path).toBe('/healthz');
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThan(SHUTDOWN_TIMEOUT_SECONDS + 5);
    const worker = find(baseObjects, 'Deployment', 'bharatmart-worker');
    expect(worker?.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(
      SHUTDOWN_TIMEOUT_SECONDS,
    );
  });

  it('every selector matches its pods', () => {
    const labels = (kind: string, name: string) =>
      find(baseObjects, kind, name)?.spec.template.metadata.labels;
    expect(labels('Deployment', 'bharatmart-api')).toMatchObject(
      find(baseObjects, 'Service', 'bharatmart-api')?.spec.selector,
    );
    expect(labels('Deployment', 'bharatmart-api')).toMatchObject(
      find(baseObjects, 'PodDisruptionBudget', 'bharatmart-api')?.spec.selector.matchLabels,
    );
    expect(labels('Deployment', 'bharatmart-worker')).toMatchObject(
      find(baseObjects, 'PodDisruptionBudget', 'bharatmart-worker')?.spec.selector.matchLabels,
    );
    expect(find(baseObjects, 'HorizontalPodAutoscaler', 'bharatmart-api')?.spec.scaleTargetRef.name).toBe(
      'bharatmart-api',
    );
  });

  it('API and worker pods mount the Autonomous Database wallet Secret at OCI_DB_WALLET_DIR, readable by their user', () => {
    for (const envName of ['.env.production', 'scenarios/multi-tier.env']) {
      const walletDir = envFile(envName).OCI_DB_WALLET_DIR;
      for (const name of ['bharatmart-api', 'bharatmart-worker']) {
        const pod = find(baseObjects, 'Deployment', name)?.spec.template.spec;
        const mount = pod.containers[0].volumeMounts.find(
          (m: { mountPath: string }) => m.mountPath === walletDir,
        );
        expect(mount).toMatchObject({ readOnly: true });
        const volume = pod.volumes.find((v: { name: string }) => v.name === mount.name);
        expect(volume.secret).toEqual({
          secretName: 'bharatmart-oracle-wallet',
          optional: true,
          defaultMode: 0o440,
        });
        expect(pod.securityContext.fsGroup).toBe(pod.securityContext.runAsGroup);
      }
    }
  });
});

describe('worker autoscaling on queue depth', () => {
  const scaler = (dir: string, kind: string) =>
    find(rendered[`kubernetes-autoscaling/${dir}`] ?? [], kind, 'bharatmart-worker');

  it.each([
    ['bullmq', 'ScaledObject'],
    ['sqs', 'ScaledObject'],
    ['oci-queue', 'HorizontalPodAutoscaler'],
  ])('%s: a %s owns the worker Deployment, whose replica count the overlay leaves to it', (dir, kind) => {
    const objects = rendered[`kubernetes-autoscaling/${dir}`] ?? [];
    const target = scaler(dir, kind)?.spec.scaleTargetRef;
    expect(target.name).toBe('bharatmart-worker');
    expect(find(objects, 'Deployment', 'bharatmart-worker')?.spec.replicas).toBeUndefined();
    expect(find(objects, 'Deployment', 'bharatmart-api')?.spec.replicas).toBe(2);
    expect(
      objects.filter(
        (o) =>
          o.metadata.name === 'bharatmart-worker' &&
          o.kind !== 'Deployment' &&
          o.kind !== 'PodDisruptionBudget',
      ),
    ).toHaveLength(1);
  });

  it("bullmq: one redis trigger per job name on BullMQ's waiting list, all of them in the formula", () => {
    const spec = scaler('bullmq', 'ScaledObject')?.spec;
    const triggers = spec.triggers as {
      type: string;
      name: string;
      metadata: { listName: string };
      authenticationRef: { name: string };
    }[];
    expect(triggers.map((t) => t.metadata.listName).sort()).toEqual(
      JOB_NAMES.map((job) => `bharatmart:${job}:wait`).sort(),
    );
    expect(new Set(triggers.map((t) => t.type))).toEqual(new Set(['redis']));
    expect(spec.advanced.scalingModifiers.formula.split(' + ').sort()).toEqual(
      triggers.map((t) => t.name).sort(),
    );
    const auth = find(
      rendered['kubernetes-autoscaling/bullmq'] ?? [],
      'TriggerAuthentication',
      triggers[0]?.authenticationRef.name ?? '',
    );
    expect(auth?.spec.secretTargetRef).toEqual([
      { parameter: 'password', name: 'bharatmart-queue-redis', key: 'password' },
    ]);
  });

  it('sqs: the aws-sqs-queue trigger counts running jobs too, read with the workload identity', () => {
    const trigger = scaler('sqs', 'ScaledObject')?.spec.triggers[0];
    expect(trigger).toMatchObject({ type: 'aws-sqs-queue', metadata: { scaleOnInFlight: 'true' } });
    const auth = find(
      rendered['kubernetes-autoscaling/sqs'] ?? [],
      'TriggerAuthentication',
      trigger.authenticationRef.name,
    );
    expect(auth?.spec.podIdentity).toEqual({ provider: 'aws', identityOwner: 'workload' });
  });

  it('oci-queue: the HPA scales on the external metric the prometheus-adapter rule serves', () => {
    const metrics = scaler('oci-queue', 'HorizontalPodAutoscaler')?.spec.metrics;
    expect(metrics).toEqual([
      {
        type: 'External',
        external: {
          metric: { name: 'bharatmart_jobs_waiting' },
          target: { type: 'AverageValue', averageValue: '20' },
        },
      },
    ]);
    const docs = readFileSync(join(deployment, '..', 'docs', 'deployment.md'), 'utf8');
    expect(docs).toContain('name: { as: bharatmart_jobs_waiting }');
  });
});
