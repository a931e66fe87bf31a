#!/usr/bin/env bash
# Installs what `npm run bench` measures against (poppler's pdftotext and pdfinfo, pdfminer's
# pdf2txt) and what its generators need: the IPA fonts the forms and books embed, PIL and img2pdf
# for the scans.
set -euo pipefail
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y poppler-utils poppler-data python3-pdfminer \
  fonts-ipafont-gothic fonts-ipafont-mincho fonts-ipaexfont-gothic fonts-ipaexfont-mincho python3-pil img2pdf
