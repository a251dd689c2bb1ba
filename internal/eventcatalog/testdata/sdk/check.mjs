// Reads an exported catalog with @eventcatalog/sdk and checks that the SDK
// finds every resource the export wrote and resolves every reference.
// Usage: node check.mjs DIR EXPECTED_JSON; prints problems, exits 1 on any.
import utils from '@eventcatalog/sdk';

const [dir, expectedJSON] = process.argv.slice(2);
const expected = JSON.parse(expectedJSON);
const sdk = utils(dir);
const problems = [];

const all = {};
for (const kind of ['domains', 'services', 'events', 'commands', 'channels']) {
  const getter = 'get' + kind[0].toUpperCase() + kind.slice(1);
  all[kind] = (await sdk[getter]({ latestOnly: true })) || [];
  const got = all[kind].map((r) => r.id).sort();
  const want = (expected[kind] || []).slice().sort();
  if (JSON.stringify(got) !== JSON.stringify(want)) {
    problems.push(`${kind}: the SDK reads ${JSON.stringify(got)}, the export wrote ${JSON.stringify(want)}`);
  }
}

async function resolve(where, ref, getters) {
  for (const get of getters) {
    const r = await sdk[get](ref.id, ref.version);
    if (r) return r;
  }
  problems.push(`${where}: ${ref.id}@${ref.version} does not resolve`);
}

for (const d of all.domains) {
  for (const s of d.services || []) await resolve(`domain ${d.id}`, s, ['getService']);
}
for (const s of all.services) {
  for (const m of [...(s.sends || []), ...(s.receives || [])]) {
    await resolve(`service ${s.id}`, m, ['getEvent', 'getCommand']);
    for (const c of [...(m.to || []), ...(m.from || [])]) await resolve(`service ${s.id}`, c, ['getChannel']);
  }
}
for (const m of [...all.events, ...all.commands]) {
  const schema = await sdk.getSchemaForMessage(m.id, m.version);
  if (!schema || !schema.schema) {
    problems.push(`message ${m.id}: the SDK finds no schema`);
    continue;
  }
  try {
    JSON.parse(schema.schema);
  } catch (e) {
    problems.push(`message ${m.id}: schema is not JSON: ${e.message}`);
  }
  const pc = await sdk.getProducersAndConsumersForMessage(m.id, m.version);
  if (all.events.includes(m) && pc.producers.length === 0) {
    problems.push(`event ${m.id}: the SDK finds no producer`);
  }
}
for (const c of all.channels) {
  if (!c.address || !(c.protocols || []).includes('kafka')) problems.push(`channel ${c.id}: no address or kafka protocol`);
}

if (problems.length > 0) {
  console.log(problems.join('\n'));
  process.exit(1);
}
console.log('ok');
