#!/usr/bin/env bash
# The HTML report in a real browser: installs Debian's chromium if missing, writes a report,
# opens it headless, checks that the four SVG charts are in the rendered DOM and that the page
# logged no console message, and saves a screenshot (.ci/out/report.png). Run: npm run test:browser
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v chromium >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q chromium >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
fi
[ -f dist/runway.cjs ] || npm run build >/dev/null
mkdir -p .ci/out
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
node bin/runway.cjs simulate scenarios/openai-2024.yaml --paths 3000 --no-chart --html "$work/report.html" > /dev/null
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
  --disable-sync --no-first-run --user-data-dir="$work/profile" --enable-logging=stderr --v=0)
timeout 60 chromium "${flags[@]}" --dump-dom "file://$work/report.html" > "$work/dom.html" 2> "$work/console.log"
timeout 60 chromium "${flags[@]}" --window-size=1000,1600 --screenshot=.ci/out/report.png "file://$work/report.html" > /dev/null 2>&1
svgs=$(grep -o '<svg role="img"' "$work/dom.html" | wc -l)
errors=$(grep -c ':CONSOLE' "$work/console.log" || true)  # the page has no script: any console message is a problem
if [ "$svgs" -eq 4 ] && [ "$errors" -eq 0 ] && [ -s .ci/out/report.png ] && grep -q 'id="headline"' "$work/dom.html"; then
  echo "browser: chromium rendered the HTML report with 4 SVG charts and no console error; screenshot .ci/out/report.png"
  echo "1 passed, 0 failed"
else
  echo "browser: svg charts $svgs (want 4), console errors $errors, screenshot $(stat -c %s .ci/out/report.png 2>/dev/null || echo missing)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
