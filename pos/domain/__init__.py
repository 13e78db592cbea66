"""Pure business rules: standard library and pos.money only, no database, no Qt, no clock."""
