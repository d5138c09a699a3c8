import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { SECRETS, VARIABLES } from '../../src/index.js';
import { parseMarkdown, relativeLinks } from './markdown.js';
import { PNPM_BUILTINS, pnpmCommands } from './pnpm-commands.js';
import { fromRoot, markdownFiles, repositoryFiles, ROOT, workspacePackages } from './repository-files.js';

const docs = markdownFiles().map((file) => ({ file, ...parseMarkdown(readFileSync(file, 'utf8')) }));
const anchorsOf = new Map(docs.map((doc) => [doc.file, doc.anchors]));
const packages = workspacePackages();

/**
 * Names in docs that look like environment variables but belong to someone else, each with why. A
 * name here that no doc mentions any more fails the check, so the list cannot outlive its reason.
 */
const FOREIGN_NAMES: Record<string, string> = {
  PAYMENT_GATEWAY: 'the old name of PAYMENT_PROVIDER, named where CHANGELOG.md says it was renamed',
  MEMCACHIER_USERNAME: "MemCachier's add-on sets it; cache-memcached's README maps it to ours",
  MEMCACHIER_PASSWORD: "MemCachier's add-on sets it; cache-memcached's README maps it to ours",
  CACHE_VALKEY_URL: "the variable of adding-an-adapter.md's worked example, a package that does not exist",
  TEST_VALKEY_URL: "the test variable of adding-an-adapter.md's worked example",
  NLS_SORT: 'an Oracle session parameter (databases.md: string comparison)',
  NLS_COMP: 'an Oracle session parameter (databases.md: string comparison)',
  QUEUE_PRODUCE: 'an OCI IAM permission the queue policy grants',
  QUEUE_CONSUME: 'an OCI IAM permission the queue policy grants',
  QUEUE_READ: 'an OCI IAM permission the queue policy grants',
  ERR_PNPM_AUDIT_BAD_RESPONSE: "pnpm's error code, quoted in security.md's audit output",
  ORACLE_PASSWORD: 'the gvenzl/oracle-free image sets its passwords from it',
  AZURE_CLIENT_ID: "@azure/identity's DefaultAzureCredential reads it",
  AZURE_TENANT_ID: "@azure/identity's DefaultAzureCredential reads it",
  ON_ERROR_STOP: "psql's variable, set in a runbook so a failing statement fails the step",
  MALLOC_ARENA_MAX: "glibc's limit on malloc arenas, tried on the workers in the soak (bench/README.md)",
  OTEL_PROPAGATORS: 'a standard OpenTelemetry variable observability.md says is not read',
  OTEL_BSP_SCHEDULE_DELAY: "the OpenTelemetry SDK's batch span processor reads it itself (observability.md)",
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE:
    "the OpenTelemetry SDK's batch span processor reads it itself (observability.md)",
  DBMS_SCHEDULER:
    "Oracle's job scheduler, suggested for optimising the search index (database-oracle's README)",
};

describe('docs check: relative links', () => {
  it('finds the markdown files to check', () => {
    expect(docs.map((doc) => fromRoot(doc.file))).toEqual(
      expect.arrayContaining(['README.md', 'CHANGELOG.md', 'docs/architecture.md', 'docs/deployment.md']),
    );
  });

  it('every relative link resolves to a file or directory of the repository, and every anchor to a heading', () => {
    const broken: string[] = [];
    const links = docs.flatMap((doc) => relativeLinks(doc.prose).map((link) => ({ doc, link })));
    expect(links.length).toBeGreaterThan(50);
    expect(links.filter(({ link }) => link.anchor !== '').length).toBeGreaterThan(10);
    for (const { doc, link } of links) {
      {
        const target = link.path === '' ? doc.file : resolve(dirname(doc.file), link.path);
        const where = `${fromRoot(doc.file)}:${link.line} → ${link.path}${link.anchor ? `#${link.anchor}` : ''}`;
        if (!target.startsWith(ROOT)) broken.push(`${where} (outside the repository)`);
        else if (!existsSync(target)) broken.push(`${where} (no such file)`);
        else if (link.anchor !== '' && statSync(target).isFile() && target.endsWith('.md')) {
          const anchors = anchorsOf.get(target) ?? parseMarkdown(readFileSync(target, 'utf8')).anchors;
          if (!anchors.has(link.anchor.toLowerCase())) broken.push(`${where} (no such heading)`);
        }
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('docs check: pnpm commands', () => {
  const rootScripts = packages.get('<root>')?.scripts ?? new Set<string>();
  const adapterScripts = [...packages.values()]
    .filter((pkg) => pkg.directory.includes('/packages/adapters/'))
    .map((pkg) => pkg.scripts);

  it('every `pnpm …` in the docs is a pnpm command or a script of the package it names', () => {
    const unknown: string[] = [];
    const named = docs.flatMap((doc) =>
      doc.code.flatMap((code) => pnpmCommands(code)).map((c) => ({ doc, c })),
    );
    expect(named.length).toBeGreaterThan(20);
    for (const { doc, c } of named) {
      if (PNPM_BUILTINS.has(c.command)) continue;
      if (c.filter === undefined) {
        if (!rootScripts.has(c.command)) unknown.push(`${fromRoot(doc.file)}: ${c.text}`);
        continue;
      }
      const pkg = packages.get(c.filter);
      // A package the docs ask you to create (adding-an-adapter.md) has the scripts every adapter has.
      const known = pkg
        ? pkg.scripts.has(c.command)
        : adapterScripts.every((scripts) => scripts.has(c.command));
      if (!known) unknown.push(`${fromRoot(doc.file)}: ${c.text}`);
    }
    expect(unknown).toEqual([]);
  });
});

describe('docs check: environment variables', () => {
  const schema = new Set([...Object.keys(VARIABLES), ...SECRETS.map((secret) => secret.name)]);
  const codeWords = new Set(
    repositoryFiles()
      .filter(
        (file) =>
          !file.endsWith('.md') && !file.endsWith('pnpm-lock.yaml') && statSync(file).size < 2_000_000,
      )
      .flatMap((file) => readFileSync(file, 'utf8').match(/\b[A-Z][A-Z0-9_]*[A-Z0-9]\b/g) ?? []),
  );
  const mentions = docs.flatMap((doc) =>
    doc.code.flatMap((code) =>
      [...code.matchAll(/(?<![\w\-./])([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*)(_\*)?(?![\w\-(])/g)]
        .map((match) => ({ file: fromRoot(doc.file), name: match[1] ?? '', prefix: match[2] !== undefined }))
        // A word without an underscore is a variable only if the schema has it (HOST, PORT).
        .filter(({ name, prefix }) => prefix || name.includes('_') || schema.has(name)),
    ),
  );

  it('every variable of the schema is named in the docs', () => {
    const named = new Set(mentions.map((mention) => mention.name));
    expect([...schema].filter((name) => !named.has(name))).toEqual([]);
  });

  it('every upper-case name in the docs is a schema variable (SOURCE_/TARGET_/NEXT_ ones too) or a name the code uses', () => {
    const unknown = mentions.filter(({ name, prefix }) => {
      if (schema.has(name) || schema.has(name.replace(/^(SOURCE|TARGET|NEXT)_/, ''))) return false;
      if (name in FOREIGN_NAMES) return false;
      if (prefix) return ![...codeWords].some((word) => word.startsWith(`${name}_`));
      return !codeWords.has(name);
    });
    expect(unknown.map(({ file, name }) => `${file}: ${name}`)).toEqual([]);
  });

  it('every foreign name is still mentioned', () => {
    const named = new Set(mentions.map((mention) => mention.name));
    expect(Object.keys(FOREIGN_NAMES).filter((name) => !named.has(name))).toEqual([]);
  });
});

describe('docs check: ports and their contract suites', () => {
  const architecture = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
  const section = /^## Ports and their promises\n([\s\S]*?)^## /m.exec(architecture)?.[1] ?? '';
  const bullets = section.split(/^- (?=\*\*)/m).slice(1);
  const contracts = repositoryFiles(join(ROOT, 'packages/testkit/src'))
    .filter((file) => file.endsWith('-contract.ts'))
    .map((file) => fromRoot(file));

  it('describes ports, and testkit has contract suites', () => {
    expect(bullets.length).toBeGreaterThanOrEqual(4);
    expect(contracts.length).toBeGreaterThanOrEqual(4);
  });

  it('each port links the contract suite that enforces its promises, and the suite is about that port', () => {
    for (const bullet of bullets) {
      const port = /^\*\*(\w+)\*\*/.exec(bullet)?.[1] ?? '';
      const suite = /\]\(\.\.\/(packages\/testkit\/src\/[\w-]+-contract\.ts)\)/.exec(bullet)?.[1];
      expect(`${port} → ${suite ?? 'no contract suite linked'}`).toMatch(/-contract\.ts$/);
      expect(readFileSync(join(ROOT, suite ?? ''), 'utf8')).toContain(port);
    }
  });

  it('every contract suite in testkit is linked from its port', () => {
    const linked = bullets.flatMap((bullet) =>
      [...bullet.matchAll(/\]\(\.\.\/(packages\/testkit\/src\/[\w-]+-contract\.ts)\)/g)].map(
        (match) => match[1],
      ),
    );
    expect(contracts.filter((contract) => !linked.includes(contract))).toEqual([]);
  });
});

describe('docs check: what an adapter may import', () => {
  const architecture = readFileSync(join(ROOT, 'docs/architecture.md'), 'utf8');
  const paragraph = /^Dependencies point inward only:[\s\S]*?\n\n/m.exec(architecture)?.[0] ?? '';
  const shared = new Set([...paragraph.matchAll(/`(@bharatmart\/[\w-]+)`/g)].map((match) => match[1]));
  const adapters = [...packages.entries()].filter(([, pkg]) => pkg.directory.includes('/packages/adapters/'));

  it('names the shared building blocks, and each is an adapter-area package depending only on core', () => {
    expect(shared.size).toBeGreaterThanOrEqual(3);
    for (const name of shared) {
      const pkg = adapters.find(([adapter]) => adapter === name);
      expect(`${name}: ${pkg ? 'found' : 'not in packages/adapters'}`).toBe(`${name}: found`);
      expect(workspaceDependencies(pkg?.[1].directory ?? '')).toEqual(['@bharatmart/core']);
    }
  });

  it('lets every adapter depend on core and those building blocks only, as architecture.md says', () => {
    const strays = adapters.flatMap(([name, pkg]) =>
      workspaceDependencies(pkg.directory)
        .filter((dependency) => dependency !== '@bharatmart/core' && !shared.has(dependency))
        .map((dependency) => `${name} → ${dependency}`),
    );
    expect(strays).toEqual([]);
  });
});

/** The `@bharatmart/*` runtime dependencies of the package in `directory`. */
function workspaceDependencies(directory: string): string[] {
  const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };
  return Object.keys(manifest.dependencies ?? {})
    .filter((name) => name.startsWith('@bharatmart/'))
    .sort();
}
