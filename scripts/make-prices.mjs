#!/usr/bin/env node
// Turns the price data bundled in the npm package @pydantic/genai-prices (pinned in
// package.json / package-lock.json) into catalogue/api_prices.json, the table the core
// embeds. Updating prices is a version bump of the package plus a re-run of this script.
//
//   node scripts/make-prices.mjs           write catalogue/api_prices.json
//   node scripts/make-prices.mjs --check   exit 1 when the committed table (or the licence
//                                          notice in public/third-party-notices.txt) does not
//                                          match the installed package (ctest: prices.table_matches_package;
//                                          exit 77, skipped, when the package is not installed)
//
// The package keeps its data as a JavaScript literal (`const E = [...]`) at the top of
// dist/index.js and exports only functions over it, so the literal is cut out and
// evaluated in an empty VM context (it holds plain data: no identifiers, no calls).
//
// What is kept, per provider: id, name, pricing URL, provider_match, fallback providers;
// per model: id, name, match rule (the package's tree, unchanged), and three prices in
// USD per million tokens: input (input_mtok), output (output_mtok), cached input
// (cache_read_mtok). Prices the table does not carry (cache writes, audio, images,
// requests, web searches) are left out.
// Conditional prices: the package lists price sets with constraints; the one in force
// on the data date is taken with the package's own rule (the last set whose start_date
// is on or before it, or that has no constraint). Time-of-day sets (off-peak discounts)
// are skipped: the table holds the standard price. Tiered prices (by input length):
// the base tier is taken and the model is marked "tiered": true.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkgName = '@pydantic/genai-prices';
const pkgDir = path.join(root, 'node_modules', '@pydantic', 'genai-prices');
const outFile = path.join(root, 'catalogue', 'api_prices.json');
const check = process.argv.includes('--check');

if (!fs.existsSync(path.join(pkgDir, 'package.json'))) {
  console.error(`make-prices: ${pkgName} is not installed (run: npm ci)`);
  process.exit(check ? 77 : 2);  // 77: ctest's SKIP_RETURN_CODE
}
const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
const licenceText = fs.readFileSync(path.join(pkgDir, 'LICENSE'), 'utf8');
const copyright = (licenceText.match(/^Copyright .*$/m) || [''])[0].trim();

// The data literal.
const src = fs.readFileSync(path.join(pkgDir, 'dist', 'index.js'), 'utf8');
const start = src.indexOf('const E = [');
const end = src.indexOf('\n], J = {');
if (start !== 0 || end < 0) {
  console.error('make-prices: the layout of dist/index.js changed; update the extraction');
  process.exit(2);
}
const providersRaw = vm.runInNewContext('(' + src.slice('const E = '.length, end + 2) + ')', Object.create(null));

// The data date: the npm publish time of this version. Asked of the registry when it
// is reachable; otherwise (and always under --check) kept from the committed table if
// that was made from the same version.
let previous = null;
try { previous = JSON.parse(fs.readFileSync(outFile, 'utf8')); } catch { /* first run */ }
let dataDate = null;
if (previous && previous.source && previous.source.version === pkg.version) dataDate = previous.source.data_date;
if (!check && !dataDate) {
  try {
    const t = JSON.parse(execFileSync('npm', ['view', `${pkgName}@${pkg.version}`, 'time', '--json'],
                                      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60000 }));
    if (t[pkg.version]) dataDate = t[pkg.version].slice(0, 10);
  } catch { /* offline */ }
}
const asOf = new Date((dataDate || '2100-01-01') + 'T00:00:00Z');

function priceSet(model) {
  if (!Array.isArray(model.prices)) return { prices: model.prices, conditional: false };
  for (let i = model.prices.length - 1; i >= 0; i--) {
    const c = model.prices[i].constraint;
    if (c === undefined) return { prices: model.prices[i].prices, conditional: true };
    if (c.type === 'start_date' && asOf >= new Date(c.start_date)) return { prices: model.prices[i].prices, conditional: true };
  }
  return { prices: model.prices[0].prices, conditional: true };
}

const providers = [];
let modelCount = 0;
for (const p of providersRaw) {
  const models = [];
  for (const m of p.models || []) {
    const { prices, conditional } = priceSet(m);
    const out = { id: m.id };
    if (m.name) out.name = m.name;
    out.match = m.match;
    let tiered = false;
    const take = (key, field) => {
      const v = prices[key];
      if (v === undefined) return;
      if (typeof v === 'number') out[field] = v;
      else { out[field] = v.base; tiered = true; }
    };
    take('input_mtok', 'input_usd_per_mtok');
    take('output_mtok', 'output_usd_per_mtok');
    take('cache_read_mtok', 'cached_input_usd_per_mtok');
    if (out.input_usd_per_mtok === undefined && out.output_usd_per_mtok === undefined) continue;
    if (tiered) out.tiered = true;
    if (conditional) out.conditional = true;
    if (m.deprecated) out.deprecated = true;
    models.push(out);
  }
  if (!models.length) continue;
  const prov = { id: p.id, name: p.name };
  if (p.pricing_urls && p.pricing_urls.length) prov.pricing_url = p.pricing_urls[0];
  if (p.provider_match) prov.provider_match = p.provider_match;
  if (p.fallback_model_providers) prov.fallback_model_providers = p.fallback_model_providers;
  prov.models = models;
  providers.push(prov);
  modelCount += models.length;
}

const table = {
  schema: 'w2t-api-prices/1',
  source: {
    package: pkgName,
    version: pkg.version,
    data_date: dataDate,
    data_date_meaning: 'npm publish date of this version of the package',
    homepage: pkg.homepage || 'https://github.com/pydantic/genai-prices/',
    licence: pkg.license || 'MIT',
    licence_notice: copyright,
    generated_by: 'scripts/make-prices.mjs',
  },
  units: 'USD per million tokens',
  notes: [
    'input_usd_per_mtok = input_mtok, output_usd_per_mtok = output_mtok, cached_input_usd_per_mtok = cache_read_mtok of the package.',
    'tiered: the price depends on the prompt length; the base (shortest-prompt) tier is given.',
    'conditional: the package lists dated price sets; the set in force on data_date is given (time-of-day discounts skipped).',
    'match: the package\'s model match rule (equals / starts_with / ends_with / contains case-insensitive, regex, or, and).',
  ],
  provider_count: providers.length,
  model_count: modelCount,
  providers,
};
// One provider per line keeps diffs of a version bump readable and the file small.
const text = '{\n' + Object.entries(table).map(([k, v]) => {
  if (k !== 'providers') return `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`;
  return `  "providers": [\n${v.map((p) => '    ' + JSON.stringify(p)).join(',\n')}\n  ]`;
}).join(',\n') + '\n}\n';

if (check) {
  const committed = fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8') : '';
  if (committed !== text) {
    console.error(`make-prices: catalogue/api_prices.json does not match ${pkgName} ${pkg.version} ` +
                  `(committed: ${previous && previous.source ? previous.source.version : 'none'}); ` +
                  'run: node scripts/make-prices.mjs');
    process.exit(1);
  }
  const notices = fs.readFileSync(path.join(root, 'public', 'third-party-notices.txt'), 'utf8');
  if (!notices.includes(`${pkgName} ${pkg.version}`) || !notices.includes(copyright)) {
    console.error(`make-prices: public/third-party-notices.txt does not name ${pkgName} ${pkg.version} and its copyright`);
    process.exit(1);
  }
  console.log(`make-prices: catalogue/api_prices.json matches ${pkgName} ${pkg.version}`);
} else {
  fs.writeFileSync(outFile, text);
  console.log(`make-prices: wrote catalogue/api_prices.json: ${providers.length} providers, ${modelCount} models, ` +
              `${pkgName} ${pkg.version}, data date ${dataDate}`);
}
