#!/usr/bin/env bash
# Lints the hub's OpenAPI document with Redocly's recommended rules (docs/OPENAPI.md): exits non-zero on any error.
#
#   docs/lint-openapi.sh                       the document the build stores (target/openapi/), built if stale
#   docs/lint-openapi.sh http://localhost:8080 the document a running hub serves at /q/openapi
#
# Needs Node (npx); Redocly CLI is fetched into npm's cache, nothing is installed in the project.
set -euo pipefail
cd "$(dirname "$0")/.."
REDOCLY_CLI=@redocly/cli@1.34.20
mkdir -p target/lint
if [ $# -gt 0 ]; then
    curl -fsS "${1%/}/q/openapi" -o target/lint/openapi.yaml
else
    stored=target/openapi/openapi.yaml
    if [ ! -f "$stored" ] || [ -n "$(find src/main pom.xml -newer "$stored" -print -quit)" ]; then
        ./mvnw -B -q package -DskipTests
    fi
    cp "$stored" target/lint/openapi.yaml
fi
npx --yes "$REDOCLY_CLI" lint --config docs/redocly.yaml target/lint/openapi.yaml
