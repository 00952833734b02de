"""How much of an input is read before it is refused: the `limits:` of settings.yaml.

No real export, form response or profile comes near these; a file that does is broken or
hostile, and is refused with what was found and the limit, rather than followed until memory
or time runs out. A consultant with a truly larger input raises the limit in a content copy
(`okr-diagnose content init`, then `--content`).
"""

from __future__ import annotations

from pydantic import Field

from diagnose.core.spec import Strict


class Limits(Strict):
    file_bytes: int = Field(300_000_000, ge=1)  # any one input file: export, workbook, YAML, answers
    cells: int = Field(5_000_000, ge=1)  # cells of one table, CSV or sheet, counted as read
    columns: int = Field(5_000, ge=1)  # columns of an export's header
    key_results: int = Field(100_000, ge=1)  # key results of one export: what a review holds in memory
    cell_characters: int = Field(131_072, ge=1)  # characters in one CSV cell
    text_characters: int = Field(2_000, ge=1)  # characters in one objective's title or one key result
    yaml_values: int = Field(1_000_000, ge=1)  # values a YAML file's aliases (*name) may stand for
    zip_member_bytes: int = Field(200_000_000, ge=1)  # one JSON file of a Viva Goals ZIP, unpacked
    zip_total_bytes: int = Field(500_000_000, ge=1)  # all of them together
    zip_ratio: int = Field(200, ge=1)  # unpacked size over packed size
    logo_bytes: int = Field(5_000_000, ge=1)  # the profile's logo
    warnings_shown: int = Field(40, ge=0)  # on screen; every warning is in diagnosis.json


DEFAULT_LIMITS = Limits()
