#!/bin/sh
# `sesame` as installed with the app (Linux .deb: /usr/bin/sesame; macOS: the
# "Install 'sesame' command" menu item links /usr/local/bin/sesame here). Runs
# the CLI with the app's own Electron as Node, so it shares the app's profiles
# and keychain entries and needs no separate Node. Modelled on VS Code's
# resources/linux/bin/code.sh and resources/darwin/bin/code.sh.
# Lives in <resources>/bin/; the CLI is unpacked from the asar archive
# (electron-builder.yml asarUnpack) because it is run as plain files.

# Follow symlinks (/usr/bin/sesame -> /etc/alternatives/sesame -> here) with
# plain readlink: macOS's has no -f.
self=$0
while [ -h "$self" ]; do
	dir=$(dirname "$self")
	self=$(readlink "$self")
	case $self in /*) ;; *) self=$dir/$self ;; esac
done
resources=$(cd -P "$(dirname "$self")/.." >/dev/null 2>&1 && pwd)
if [ "$(uname)" = Darwin ]; then
	electron=$resources/../MacOS/Sesame
else
	electron=$resources/../sesame
fi
cli=$resources/app.asar.unpacked/out/cli/sesame.mjs
if [ ! -x "$electron" ] || [ ! -f "$cli" ]; then
	echo "sesame: the Sesame app is incomplete (looked for $electron and $cli); reinstall it." >&2
	exit 1
fi
# The user's NODE_OPTIONS are for their own Node programs, not for the app's runtime (VS Code does the same).
unset NODE_OPTIONS
ELECTRON_RUN_AS_NODE=1 exec "$electron" "$cli" "$@"
