// Every psql example of README.md and docs/*.md runs verbatim against a seeded demo tenant: each
// ```sql block, each `npm run psql -- ...` line, each inline `select ...;` — in a session of its
// own, as a DBA would paste it (so an example that needs a tenant starts with
// `select core.act_as('demo');`, and one for every tenant with `select core.act_for_every_tenant();`).
// docs/CONVENTIONS.md is for developers: its SQL are templates with placeholders, not examples.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { seedTestTenant } from '../support/tenants.ts';
import { repoRoot } from '../../server/config.ts';

interface Example {
  where: string;
  statements: string[];
}

const files = ['README.md', ...fs.readdirSync(path.join(repoRoot, 'docs')).filter((f) => f.endsWith('.md') && f !== 'CONVENTIONS.md').map((f) => `docs/${f}`)];

function examples(): Example[] {
  const found: Example[] = [];
  for (const file of files) {
    const text = fs.readFileSync(path.join(repoRoot, file), 'utf8');
    const lineOf = (index: number) => text.slice(0, index).split('\n').length;
    const fenced = [...text.matchAll(/```(\w*)\n([\s\S]*?)```/g)];
    for (const block of fenced) {
      if (block[1] === 'sql') found.push({ where: `${file}:${lineOf(block.index)}`, statements: [block[2]] });
      if (block[1] === 'sh') {
        for (const [offset, line] of block[2].split('\n').entries()) {
          if (!/^npm run (-s )?psql -- /.test(line)) continue;
          const tenant = /--tenant (\S+)/.exec(line)?.[1];
          const permissions = /--permissions (\S+)/.exec(line)?.[1];
          const commands = [...line.matchAll(/-c '([^']*)'/g)].map((m) => m[1]);
          const actAs = tenant ? [`select core.act_as('${tenant}'${permissions ? `, '${permissions}'` : ''})`] : [];
          found.push({ where: `${file}:${lineOf(block.index) + offset + 1}`, statements: [...actAs, ...commands] });
        }
      }
    }
    // Inline examples: a code span that is one or more SQL statements ending in ';' (fenced blocks excluded).
    const outside = text.replace(/```[\s\S]*?```/g, (block) => block.replace(/[^\n]/g, ' '));
    for (const span of outside.matchAll(/`((?:select|update) [^`]*;)`/gi)) found.push({ where: `${file}:${lineOf(span.index)}`, statements: [span[1]] });
  }
  return found;
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
  await seedTestTenant(db, 'demo');
});
afterAll(async () => db.drop());

test('the docs have psql examples, and none of them uses a placeholder', () => {
  const all = examples();
  expect(all.length).toBeGreaterThan(8);
  expect(all.filter((e) => /<[a-z_]+>/.test(e.statements.join('\n'))).map((e) => e.where)).toEqual([]);
});

test.each(examples().map((e) => [e.where, e] as const))('%s runs verbatim', async (_where, example) => {
  const client = new pg.Client({ connectionString: db.location.ownerUrl });
  await client.connect();
  try {
    for (const sql of example.statements) await client.query(sql);
  } finally {
    await client.end();
  }
});
