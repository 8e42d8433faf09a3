"""The register's screens: units, individuals, households and award history, with their dialogs."""
