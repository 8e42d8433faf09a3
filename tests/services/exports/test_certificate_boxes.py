"""The office's own certificate boxes: saved per blank size, used by the next certificates and the
calibration page, restored to the usual ones; read back from the PDF with pypdfium2's char boxes."""

from __future__ import annotations

from pathlib import Path

import pypdfium2
import pytest

from emudesk.domain.errors import ValidationError
from emudesk.export.certificate import MM
from emudesk.services.core.store import Store
from emudesk.services.exports import certificates
from emudesk.services.exports.certificates import Blank, Field, Place
from tests.cli.running import run
from tests.services.exports.test_certificates import DECISION, list_names
from tests.snapshot import snapshot

LAYOUT_ONLY = pytest.mark.sqlite_only("the PDF layout does not depend on the engine")
MOVED = Place(20.0, 70.0, 150.0, 20.0, 30.0, 12.0)


def text_box_mm(path: Path, text: str, page: int = 0) -> tuple[float, float, float, float]:
    """Where ``text`` is printed on ``page``: left, top, right, bottom in mm from the top left."""
    document = pypdfium2.PdfDocument(path)
    try:
        sheet = document[page]
        height = sheet.get_size()[1]
        textpage = sheet.get_textpage()
        whole = textpage.get_text_range()
        start = whole.find(text)
        assert start >= 0, f"{text!r} not on page {page}: {whole!r}"
        boxes = [textpage.get_charbox(i) for i in range(start, start + len(text)) if not whole[i].isspace()]
    finally:
        document.close()
    left, right = min(b[0] for b in boxes), max(b[2] for b in boxes)
    bottom, top = min(b[1] for b in boxes), max(b[3] for b in boxes)
    return left / MM, (height - top) / MM, right / MM, (height - bottom) / MM


def inside(found: tuple[float, float, float, float], place: Place) -> bool:
    left, top, right, bottom = found
    return (
        place.x - 0.5 <= left
        and right <= place.x + place.width + 0.5
        and place.y - 0.5 <= top
        and bottom <= place.y + place.height + 0.5
    )


@LAYOUT_ONLY
def test_a_box_saved_for_a_blank_size_moves_its_text_there_until_restored(
    sqlite_demo_store: Store, tmp_path: Path
) -> None:
    store = sqlite_demo_store
    name = list_names(store, DECISION)[0]
    usual = certificates.default_places(Blank.A4_LANDSCAPE)[Field.NAME]
    certificates.export_certificates(store, DECISION, tmp_path / "before.pdf")
    before = text_box_mm(tmp_path / "before.pdf", name)
    assert inside(before, usual) and not inside(before, MOVED)

    with store.write() as session:
        certificates.save_place(session, Blank.A4_LANDSCAPE, Field.NAME, MOVED)
    certificates.export_certificates(store, DECISION, tmp_path / "moved.pdf")
    moved = text_box_mm(tmp_path / "moved.pdf", name)
    assert inside(moved, MOVED)
    assert (moved[0] + moved[2]) / 2 == pytest.approx(MOVED.x + MOVED.width / 2, abs=0.5)  # centred in it
    # The other texts and the other sizes keep their boxes.
    decision_line = "Quyết định số 112/QĐ-UBND"
    assert text_box_mm(tmp_path / "moved.pdf", decision_line) == pytest.approx(
        text_box_mm(tmp_path / "before.pdf", decision_line), abs=0.01
    )
    with store.read() as session:
        assert certificates.places_for(session, Blank.A3_LANDSCAPE) == certificates.default_places(
            Blank.A3_LANDSCAPE
        )
    # The calibration page draws the box where it now is: its label at the box's top left.
    certificates.export_calibration(store, tmp_path / "calibration.pdf")
    label = text_box_mm(tmp_path / "calibration.pdf", certificates.FIELD_LABELS[Field.NAME])
    assert label[0] == pytest.approx(MOVED.x, abs=1.5) and MOVED.y <= label[1] <= MOVED.y + 5

    with store.write() as session:
        certificates.reset_places(session, Blank.A4_LANDSCAPE)
    certificates.export_certificates(store, DECISION, tmp_path / "again.pdf")
    assert text_box_mm(tmp_path / "again.pdf", name) == pytest.approx(before, abs=0.01)


@pytest.mark.parametrize(
    "place",
    [
        Place(200.0, 70.0, 150.0, 20.0, 30.0, 12.0),  # past the right edge of A4 landscape
        Place(20.0, 70.0, 150.0, 1.0, 30.0, 12.0),  # too low to hold a line
        Place(20.0, 70.0, 150.0, 20.0, 10.0, 12.0),  # smallest above largest
    ],
)
def test_a_box_that_cannot_print_is_refused_and_nothing_saved(store: Store, place: Place) -> None:
    with store.read() as session:
        before = snapshot(session)
    with pytest.raises(ValidationError) as refused, store.write() as session:
        certificates.save_place(session, Blank.A4_LANDSCAPE, Field.NAME, place)
    assert "Họ và tên" in refused.value.message
    with store.read() as session:
        assert snapshot(session) == before


@LAYOUT_ONLY
def test_boxes_from_the_command_line(
    sqlite_demo_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = ("--db", str(sqlite_demo_db))
    store = Store.open(sqlite_demo_db)
    name = list_names(store, DECISION)[0]
    store.close()
    out = tmp_path / "c.pdf"
    box = "name=20,70,150,20,30,12"
    code, text, err = run(
        capsys, "export", "certificates", "--decision", "3", "--box", box, "--save-box", "-o", str(out), *db
    )
    assert code == 0, err
    assert "name" in text and inside(text_box_mm(out, name), MOVED)
    # Saved: the next export without --box uses it.
    code, _, err = run(
        capsys, "export", "certificates", "--decision", "3", "-o", str(tmp_path / "d.pdf"), *db
    )
    assert code == 0, err
    assert inside(text_box_mm(tmp_path / "d.pdf", name), MOVED)
    code, _, err = run(
        capsys,
        "export",
        "certificates",
        "--decision",
        "3",
        "--box",
        "name=250,70,150,20",
        "-o",
        str(tmp_path / "x.pdf"),
        *db,
    )
    assert code == 1 and "Họ và tên" in err and not (tmp_path / "x.pdf").exists()
    code, _, err = run(
        capsys,
        "export",
        "certificates",
        "--decision",
        "3",
        "--box",
        "name=1,2",
        "-o",
        str(tmp_path / "x.pdf"),
        *db,
    )
    assert code == 2
    code, _, err = run(
        capsys,
        "export",
        "certificates",
        "--decision",
        "3",
        "--reset-boxes",
        "-o",
        str(tmp_path / "e.pdf"),
        *db,
    )
    assert code == 0, err
    assert not inside(text_box_mm(tmp_path / "e.pdf", name), MOVED)
