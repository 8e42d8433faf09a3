"""File ▸ Import: the wizard from a spreadsheet to records.

``wizard`` holds the QWizard, ``open_import_wizard`` and the File ▸ Import entries; each page has
its own module (``file_page``, ``mapping_page``, ``preview_page``, ``matches_page``, ``import_page``),
``base`` their ids and common parts, ``models`` the tables of the preview and matches pages.
"""
