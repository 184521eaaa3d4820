#!/usr/bin/env bash
# Builds the NHS.UK design system assets into the given folder (called by Maven at
# generate-resources). Packages come from the npm registry through the machine's npm;
# nothing of them is committed. No lock file: package.json pins exact versions.
set -euo pipefail
out="$1"
cd "$(dirname "$0")"
if [ ! -d node_modules/nhsuk-frontend ] || [ ! -d node_modules/sass ] \
   || ! grep -q '"version": "10.6.1"' node_modules/nhsuk-frontend/package.json; then
  npm install --no-audit --no-fund --package-lock=false --loglevel=error
fi
mkdir -p "$out/assets"
npx --no-install sass --no-source-map --style=compressed --quiet-deps --silence-deprecation=import \
  --load-path=node_modules portcullis.scss "$out/portcullis.css"
cp node_modules/nhsuk-frontend/dist/nhsuk/nhsuk-frontend.min.js "$out/nhsuk-frontend.min.js"
cp -R node_modules/nhsuk-frontend/dist/nhsuk/assets/. "$out/assets/"
