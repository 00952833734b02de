"""The PDF embeds the shipped fonts only: one family in three faces, whatever the machine has."""

from __future__ import annotations

import pytest
from pypdf import PdfReader


def embedded_fonts(reader: PdfReader) -> set[str]:
    found = set()

    def collect(resources) -> None:
        for font in resources.get("/Font", {}).values():
            found.add(str(font.get_object()["/BaseFont"]).split("+", 1)[-1])
        for xobject in resources.get("/XObject", {}).values():
            collect(xobject.get_object().get("/Resources", {}))

    for page in reader.pages:
        collect(page.get("/Resources", {}))
    return found


@pytest.mark.pdf
def test_the_report_embeds_three_faces_of_the_shipped_font(cli, tmp_path, no_weasyprint_logs):
    code, _, _ = cli("demo", "--out", tmp_path / "demo")
    assert code == 0
    # Chart labels and code spans once fell back to the system's fonts: six fonts where three do.
    assert embedded_fonts(PdfReader(tmp_path / "demo" / "report.pdf")) == {
        "Report-Sans", "Report-Sans-Bold", "Report-Sans-Italic"}
