// Run @openactive/data-model-validator on RPDE items (offline: remote JSON is never loaded).
// Usage: node validate_items.js < items.json   (a JSON array of RPDE items, or an RPDE page)
// Prints one JSON object: {"items": n, "results": [{"id", "kind", "errors": [{severity, type, path, message}]}]}
const { validate } = require('@openactive/data-model-validator');

async function main() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const doc = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  const items = Array.isArray(doc) ? doc : doc.items;
  const results = [];
  for (const item of items) {
    if (item.state !== 'updated') continue;
    const errors = await validate(item.data, { loadRemoteJson: false });
    results.push({
      id: item.id,
      kind: item.kind,
      errors: errors.map((e) => ({ severity: e.severity, type: e.type, path: e.path, message: e.message })),
    });
  }
  process.stdout.write(JSON.stringify({ items: results.length, results }));
}

main().catch((e) => { console.error(e); process.exit(2); });
