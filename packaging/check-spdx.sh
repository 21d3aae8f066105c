#!/bin/sh
# SPDX-FileCopyrightText: 2026 The medpull developers
# SPDX-License-Identifier: GPL-3.0-or-later
# Every source file of the tree names its licence (as KDE does), so a file
# copied out of medpull still says under which terms.
set -eu
cd "$1"
missing=$(git ls-files '*.cpp' '*.h' '*.js' '*.sh' '*CMakeLists.txt' '.ci/*' |
    xargs grep -L 'SPDX-License-Identifier: GPL-3.0-or-later' || true)
if [ -n "$missing" ]; then
    echo "no SPDX-License-Identifier line in:" >&2
    echo "$missing" >&2
    exit 1
fi
