"""File ▸ Import: the wizard from a spreadsheet to records (``wizard``), one module per page."""
