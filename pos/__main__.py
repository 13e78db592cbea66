"""`python -m pos`: start-up only."""

from pos.cli import main

raise SystemExit(main())
