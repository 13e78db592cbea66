"""The frozen program's entry point: the same `pos` command (the window without arguments)."""

from pos.cli import main

raise SystemExit(main())
