#!/usr/bin/env bash
# Installs what `npm run bench` measures against: poppler's pdftotext and pdfinfo, pdfminer's pdf2txt.
set -euo pipefail
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y poppler-utils poppler-data python3-pdfminer
