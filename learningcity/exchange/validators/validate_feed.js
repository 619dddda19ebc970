// Walk a running RPDE feed with @openactive/rpde-validator and print its log as JSON.
// Usage: node validate_feed.js <feed URL> [pageLimit]
const { RpdeValidator } = require('@openactive/rpde-validator');

const url = process.argv[2];
const pageLimit = Number(process.argv[3] || 20);
RpdeValidator(url, { pageLimit, timeoutMs: 20000 })
  .then((log) => {
    const pages = log.pages.map((p) => ({
      url: p.url,
      errors: p.errors.map((e) => ({ severity: e.severity, type: e.type, message: e.message })),
    }));
    process.stdout.write(JSON.stringify({ url, pages }));
  })
  .catch((e) => { console.error(e); process.exit(2); });
