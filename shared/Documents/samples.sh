#!/usr/bin/env bash
# Writes a sample PDF of each official document (accident reply 临政函, park reply 临人社函, implementation report, a long
# report), its pages as PNG and its HTML view to tests/TestResults/documents/, or copies them to the folder given as the first argument.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
command -v pdftoppm >/dev/null || echo "pdftoppm is missing (apt-get install poppler-utils): only the PDFs are written" >&2
dotnet build LinfenFlows.sln -c Release -nologo -v quiet
dotnet test tests/LinfenFlows.Tests -c Release --no-build --nologo --filter "FullyQualifiedName~DocumentSampleTests"
out=tests/TestResults/documents
if [ $# -gt 0 ]; then mkdir -p "$1" && cp "$out"/*.pdf "$out"/*.png "$out"/*.html "$1"/ 2>/dev/null || true; out=$1; fi
ls -l "$out"
