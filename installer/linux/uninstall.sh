#!/bin/sh
# Remove Langganan for this user: the program folder, the `langganan` command and the menu entry.
# The shop's data (database, backups, documents, settings) stays where it is: see `langganan info`.
set -eu
share="${XDG_DATA_HOME:-$HOME/.local/share}"
target="$share/langganan"
link="$HOME/.local/bin/langganan"

if [ ! -d "$target/_internal" ]; then
    echo "uninstall.sh: no Langganan program in $target; nothing was changed." >&2
    exit 1
fi
"$target/langganan" desktop-entry --remove || true
if [ -L "$link" ] && [ "$(readlink "$link")" = "$target/langganan" ]; then
    rm -f "$link"
fi
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$share/applications" || true
cd /
rm -rf "$target"
echo "Langganan was removed. The shop's data was kept (by default in $share/Langganan)."
