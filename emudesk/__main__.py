"""``python -m emudesk`` runs the same entry point as the ``emudesk`` command."""

from emudesk.app import main

raise SystemExit(main())
