#!/usr/bin/env bash
# Every user-visible string of app/ and qml/ has a Simplified Chinese translation: lupdate is run on a copy of
# the shipped .ts file and nothing may come back unfinished.
set -euo pipefail
src="$1"
lupdate="${2:-lupdate}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$src/translations/groundchat_zh_CN.ts" "$tmp/zh.ts"
(cd "$src" && "$lupdate" -silent app qml -ts "$tmp/zh.ts")
missing=$(grep -c 'type="unfinished"' "$tmp/zh.ts" || true)
if [ "$missing" != "0" ]; then
  echo "untranslated strings (run lupdate, then tools/fill_translations.py):"
  grep -B2 'type="unfinished"' "$tmp/zh.ts" | grep '<source>' | sed 's/ *<source>/  /; s/<\/source>//'
  exit 1
fi
echo "all strings translated"
