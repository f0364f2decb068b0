#!/bin/sh
# update-nhsuk.sh refreshes the NHS.UK frontend that Rollcall's pages use,
# vendored in server/static/nhsuk/ so that the binary carries its assets and
# `rollcall demo` works on a machine with no network.
#
# Usage: scripts/update-nhsuk.sh [version]   (default: the version below)
#
# It fetches the package with `npm pack` through npm's configured registry,
# copies only what the pages load (the minified stylesheet and script, the
# icons and favicons), and adapts the stylesheet to Rollcall:
#   - its icons are referenced at /assets/…; Rollcall serves them under
#     /static/nhsuk/assets/…;
#   - its web fonts are loaded from another site, which Rollcall's
#     Content-Security-Policy refuses; the @font-face rules are dropped and
#     the pages use the frontend's fallback fonts;
#   - source-map comments are dropped, as the maps are not vendored.
set -eu

version="${1:-10.6.1}"
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/server/static/nhsuk"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "nhsuk-frontend@$version" >/dev/null && tar xzf "nhsuk-frontend-$version.tgz")
pkg="$tmp/package"
src="$pkg/dist/nhsuk"

rm -rf "$dest"
mkdir -p "$dest/assets"
sed -e 's#url(/assets/#url(/static/nhsuk/assets/#g' \
    -e 's#@font-face{[^}]*}##g' \
    -e 's#/\*\# sourceMappingURL=[^*]*\*/##' \
    "$src/nhsuk-frontend.min.css" >"$dest/nhsuk-frontend.min.css"
sed -e 's#//\# sourceMappingURL=.*$##' "$src/nhsuk-frontend.min.js" >"$dest/nhsuk-frontend.min.js"
cp -R "$src/assets/." "$dest/assets/"

# The package states its licence in package.json and its README but ships
# no licence file, so the MIT text of the project is written out here.
if ls "$pkg"/LICEN[CS]E* >/dev/null 2>&1; then
	cp "$pkg"/LICEN[CS]E* "$dest/LICENCE"
else
	cat >"$dest/LICENCE" <<'MIT'
MIT License

Copyright (c) 2019 NHS.UK

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
MIT
fi
{
	printf '\n---\nFrom the package README (nhsuk-frontend %s):\n\n' "$version"
	awk '/^## /{on = ($0 == "## Licence")} on' "$pkg/README.md"
} >>"$dest/LICENCE"

cat >"$dest/README.md" <<README
# NHS.UK frontend $version (vendored)

The stylesheet, script, icons and favicons of the \`nhsuk-frontend\` npm
package, version $version, served by Rollcall at /static/nhsuk/. They are
committed so that the binary carries them. Do not edit them by hand:
\`scripts/update-nhsuk.sh\` refreshes them (see it for the small changes it
makes to the stylesheet). Licence: MIT, in LICENCE.
README
echo "nhsuk-frontend $version copied to $dest"
