#!/usr/bin/env bash
# Stages a release of evals4j into target/staging: builds, tests and deploys every published artifact (the BOM,
# evals-api, -core, -scorers, -hf, -junit, with their -sources and -javadoc jars) into a local file repository,
# which can then be inspected and uploaded. Usage: scripts/stage-release.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf target/staging
mvn -B -ntp -Dstyle.color=never deploy
echo "staged into $(pwd)/target/staging:"
find target/staging -name '*.pom' | sed 's|^| |' | sort
