#!/usr/bin/env node
// scripts/gitlab-ci-schema.js BUNDLE OUT — writes the GitLab CI JSON schema that
// gitlab-ci-local bundles (an object literal in dist/index.js, $id
// https://gitlab.com/.gitlab-ci.yml) to OUT as JSON. Run by scripts/tools.sh.
const fs = require("fs");
const src = fs.readFileSync(process.argv[2], "utf8");
const marker = '$id:"https://gitlab.com/.gitlab-ci.yml"';
const at = src.indexOf(marker);
if (at < 0) { console.error("schema marker not found"); process.exit(1); }
const start = src.lastIndexOf("{", at);
let depth = 0, i = start, q = null;
for (; i < src.length; i++) {
  const c = src[i];
  if (q) { if (c === "\\") { i++; continue; } if (c === q) q = null; continue; }
  if (c === '"' || c === "'" || c === "`") { q = c; continue; }
  if (c === "{") depth++;
  else if (c === "}" && --depth === 0) break;
}
const obj = (0, eval)("(" + src.slice(start, i + 1) + ")");
fs.writeFileSync(process.argv[3], JSON.stringify(obj, null, 1) + "\n");
