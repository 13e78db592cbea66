"""Files the program ships: translations, demo data, stylesheet, icons."""
