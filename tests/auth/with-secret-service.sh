#!/bin/sh
# SPDX-FileCopyrightText: 2026 The medpull developers
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a command inside a private D-Bus session that has an unlocked GNOME
# keyring (the Secret Service QtKeychain talks to), with HOME and the XDG
# folders in a temporary directory, so no real keyring is read or written.
# The keyring daemon leaves with the session bus.
set -eu
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME="$work/home"
export XDG_DATA_HOME="$HOME/.local/share" XDG_CONFIG_HOME="$HOME/.config"
export XDG_CACHE_HOME="$HOME/.cache" XDG_RUNTIME_DIR="$work/run"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
status=0
dbus-run-session -- sh -c \
    'printf medpull | gnome-keyring-daemon --unlock --components=secrets >/dev/null && "$@"' \
    sh "$@" || status=$?
exit "$status"
