#!/bin/sh
# Install Langganan for this user, no root needed: the program under ~/.local/share/langganan, a
# `langganan` command in ~/.local/bin and an entry with its icon in the desktop's menu.
# Run it from the unpacked folder: ./install.sh   (again to upgrade; the shop's data is never touched:
# it lives in ~/.local/share/Langganan, see `langganan info`).
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
share="${XDG_DATA_HOME:-$HOME/.local/share}"
target="$share/langganan"
bindir="$HOME/.local/bin"

if [ ! -x "$here/langganan" ] || [ ! -d "$here/_internal" ]; then
    echo "install.sh: run me from the unpacked langganan folder (it holds the program 'langganan')." >&2
    exit 1
fi
if [ "$here" != "$target" ]; then
    if [ -e "$target" ] && [ ! -d "$target/_internal" ]; then
        echo "install.sh: $target exists and is not a Langganan program folder; nothing was changed." >&2
        exit 1
    fi
    mkdir -p "$share"
    rm -rf "$target.new"
    cp -a "$here" "$target.new"
    rm -rf "$target"
    mv "$target.new" "$target"
fi
mkdir -p "$bindir"
ln -sfn "$target/langganan" "$bindir/langganan"
"$target/langganan" desktop-entry
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$share/applications" || true
command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true

echo "Langganan is installed in $target."
echo "Start it from the menu (Langganan), or type: langganan"
case ":$PATH:" in
    *":$bindir:"*) ;;
    *) echo "($bindir is not on your PATH yet; it is after the next login, or type $bindir/langganan)";;
esac
echo "Try the demo shop first: langganan demo   (owner Bu Ani, PIN 1234; cashier Dita, PIN 1111)"
echo "Remove the program: $target/uninstall.sh   (the shop's data stays)"
