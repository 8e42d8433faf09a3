"""The reading half of Excel import: a file in, typed and checked rows with precise errors out.

No Qt and no database here: references the database resolves (unit names, award forms,
kinds of unit) stay as text for the step that validates and commits.

    from emudesk.importer import parse_file, parse_campaign
    result = parse_file(path, "individuals")        # ParsedSheet; ImportFileError if unreadable
    result.mapping.needs_review                      # let the user map columns, then:
    result = parse_file(path, "individuals", mapping={"full_name": "B"})

Templates (:mod:`.template`) and error reports (:mod:`.report`) import openpyxl and are
imported from their modules.
"""

from emudesk.importer.kinds import CAMPAIGN, CAMPAIGN_PARTS, KINDS, CampaignParse, parse_campaign, parse_file
from emudesk.importer.results import CellError, ColumnMatch, HeaderMapping, ParsedRow, ParsedSheet
from emudesk.importer.safety import DEFAULT_LIMITS, ImportFileError, Limits

__all__ = [
    "CAMPAIGN",
    "CAMPAIGN_PARTS",
    "DEFAULT_LIMITS",
    "KINDS",
    "CampaignParse",
    "CellError",
    "ColumnMatch",
    "HeaderMapping",
    "ImportFileError",
    "Limits",
    "ParsedRow",
    "ParsedSheet",
    "parse_campaign",
    "parse_file",
]
