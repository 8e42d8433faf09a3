"""The streaming .ods reader reads what calamine reads, without expanding repeats in memory."""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
import zipfile
from pathlib import Path

import pytest
import python_calamine as pc
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from emudesk.importer.ods import read_ods
from emudesk.importer.reader import open_workbook
from emudesk.importer.safety import DEFAULT_LIMITS, ImportFileError, Limits
from tests.importer.test_bombs import _ods

_TEXT = st.text(alphabet="aăâbcdđeêhoôơuưyỳỹẠ &<>'\"\t", max_size=6)


@st.composite
def _cell(draw: st.DrawFn) -> str:
    """One cell as LibreOffice and other writers put it, with or without a repeat."""
    repeat = draw(
        st.sampled_from(["", "", ' table:number-columns-repeated="2"', ' table:number-columns-repeated="3"'])
    )
    tag = draw(st.sampled_from(["table:table-cell", "table:table-cell", "table:covered-table-cell"]))
    kind = draw(st.integers(0, 9))
    if kind == 0:
        return f"<{tag}{repeat}/>"
    if kind == 1:
        n = draw(st.sampled_from(["1980", "2.5", "-0.25", "1e3", "0"]))
        return f'<{tag}{repeat} office:value-type="float" office:value="{n}"><text:p>{n}</text:p></{tag}>'
    if kind == 2:
        d = draw(st.sampled_from(["2020-01-05", "1999-12-31T10:30:00", "2020-02-30", "2020-01-05T10:30:00Z"]))
        return f'<{tag}{repeat} office:value-type="date" office:date-value="{d}"><text:p>x</text:p></{tag}>'
    if kind == 3:
        t = draw(st.sampled_from(["PT12H30M15S", "PT00H05M00.5S", "PT36H00M00S", "P1DT2H"]))
        return f'<{tag}{repeat} office:value-type="time" office:time-value="{t}"><text:p>x</text:p></{tag}>'
    if kind == 4:
        b = draw(st.sampled_from(["true", "false", "TRUE"]))
        return f'<{tag}{repeat} office:value-type="boolean" office:boolean-value="{b}"/>'
    if kind == 5:
        return (
            f'<{tag}{repeat} office:value-type="string" office:string-value="{_esc(draw(_TEXT))}">'
            f"<text:p>khác</text:p></{tag}>"
        )
    if kind == 6:  # no value at all: empty, whatever the text says
        return f"<{tag}{repeat}><text:p>{_esc(draw(_TEXT))}</text:p></{tag}>"
    # A string: paragraphs, spans, runs of spaces, a note that is not the cell's text.
    body = []
    for _ in range(draw(st.integers(0, 3))):
        parts = [_esc(draw(_TEXT))]
        if draw(st.booleans()):
            parts.append(f"<text:span>{_esc(draw(_TEXT))}</text:span>")
        if draw(st.booleans()):
            parts.append(f'<text:s text:c="{draw(st.integers(1, 4))}"/>')
        if draw(st.booleans()):
            parts.append("<text:s/>")
        body.append(f"<text:p>{''.join(parts)}</text:p>")
    if draw(st.booleans()):
        body.insert(0, "<office:annotation><text:p>ghi chú</text:p></office:annotation>")
    return f'<{tag}{repeat} office:value-type="string" calcext:value-type="string">{"".join(body)}</{tag}>'


def _esc(text: str) -> str:
    # A tab in an attribute is written &#9; (XML reads a literal one as a space).
    return (
        text.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\t", "&#9;")
    )


@st.composite
def _tables(draw: st.DrawFn) -> str:
    tables = []
    for i in range(draw(st.integers(1, 3))):
        rows = []
        for _ in range(draw(st.integers(0, 5))):
            repeat = draw(
                st.sampled_from(
                    ["", "", ' table:number-rows-repeated="2"', ' table:number-rows-repeated="4"']
                )
            )
            cells = "".join(draw(st.lists(_cell(), max_size=5)))
            row = f"<table:table-row{repeat}>{cells}</table:table-row>"
            if draw(st.integers(0, 5)) == 0:
                row = f"<table:table-header-rows>{row}</table:table-header-rows>"
            rows.append(row)
        # LibreOffice's padding: repeated empty rows and cells.
        rows.append(
            '<table:table-row table:number-rows-repeated="1048000">'
            '<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
        )
        style = ' table:style-name="an"' if draw(st.booleans()) else ""
        tables.append(
            f'<table:table table:name="T{i}"{style}><table:table-column table:number-columns-repeated="3"/>'
            f"{''.join(rows)}</table:table>"
        )
    styles = (
        '<office:automatic-styles><style:style style:name="an" style:family="table">'
        '<style:table-properties table:display="false"/></style:style></office:automatic-styles>'
    )
    return styles + "".join(tables)


def _calamine(path: Path) -> list[tuple[str, bool, list[list[object]]]]:
    book = pc.CalamineWorkbook.from_path(str(path))
    return [
        (
            m.name,
            m.visible == pc.SheetVisibleEnum.Visible,
            book.get_sheet_by_name(m.name).to_python(skip_empty_area=False),
        )
        for m in book.sheets_metadata
    ]


def _with_styles(path: Path, body: str) -> Path:
    # The automatic styles sit before <office:body>, as LibreOffice writes them.
    styles, _sep, tables = body.partition("</office:automatic-styles>")
    _ods(path, tables)
    with zipfile.ZipFile(path) as z:
        content = z.read("content.xml").decode()
        members = [(i, z.read(i)) for i in z.infolist() if i.filename != "content.xml"]
    ns = (
        'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
        'xmlns:calcext="urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0" '
    )
    content = content.replace("<office:document-content ", f"<office:document-content {ns}", 1)
    content = content.replace("<office:body>", f"{styles}</office:automatic-styles><office:body>", 1)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in members:
            z.writestr(info, data)
        z.writestr("content.xml", content)
    return path


@settings(max_examples=150, deadline=None)
@given(_tables())
def test_reads_what_calamine_reads(body: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _with_styles(Path(tmp) / "p.ods", body)
        expected = _calamine(path)
        got = [(s.name, s.visible, s.rows) for s in read_ods(path, DEFAULT_LIMITS)]
    # repr: nan == nan is False, and 1 == 1.0 == True would hide a type change.
    assert repr(got) == repr(expected)


def test_repeats_share_one_row_and_one_value(tmp_path: Path) -> None:
    path = _ods(
        tmp_path / "lap.ods",
        '<table:table table:name="DS"><table:table-row table:number-rows-repeated="3">'
        '<table:table-cell table:number-columns-repeated="2" office:value-type="string">'
        "<text:p>Họ và tên</text:p></table:table-cell></table:table-row></table:table>",
    )
    rows = read_ods(path, DEFAULT_LIMITS)[0].rows
    assert rows == [["Họ và tên"] * 2] * 3
    assert rows[0] is rows[2] and rows[0][0] is rows[0][1]


def test_caps_apply_as_rows_are_read(tmp_path: Path) -> None:
    path = _ods(
        tmp_path / "cap.ods",
        '<table:table table:name="DS"><table:table-row table:number-rows-repeated="30">'
        '<table:table-cell office:value-type="float" office:value="1"/></table:table-row>'
        '<table:table-row><table:table-cell table:number-columns-repeated="9"/>'
        '<table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>',
    )
    with pytest.raises(ImportFileError, match="20"):
        read_ods(path, Limits(max_rows=20))
    with pytest.raises(ImportFileError, match=r"“DS”.*J"):
        read_ods(path, Limits(max_columns=5))
    with pytest.raises(ImportFileError, match="310"):  # 31 rows × 10 columns
        read_ods(path, Limits(max_cells=300))
    assert len(read_ods(path, DEFAULT_LIMITS)[0].rows) == 31


def test_password_protected(tmp_path: Path) -> None:
    # LibreOffice encrypts content.xml itself and says so in the manifest: not a damaged file.
    path = tmp_path / "khoa.ods"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="content.xml"><manifest:encryption-data/>'
            "</manifest:file-entry></manifest:manifest>",
        )
        z.writestr("content.xml", bytes(range(256)))
    with pytest.raises(ImportFileError, match="mật khẩu"):
        read_ods(path, DEFAULT_LIMITS)


@pytest.mark.libreoffice
def test_a_sheet_saved_by_libreoffice(tmp_path: Path) -> None:
    soffice = pytest.importorskip("shutil").which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Danh sách"
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Giờ", "Đảng viên", "Ghi chú"])
    for i in range(1, 40):
        sheet.append([i, f"Nguyễn Văn {i}", dt.date(1980, 1, i % 28 + 1), dt.time(8, i), i % 2 == 0, "a\nb"])
    sheet.merge_cells("F2:F3")
    hidden = book.create_sheet("Ẩn")
    hidden["C5"] = 2.5
    hidden.sheet_state = "hidden"
    source = tmp_path / "lo.xlsx"
    book.save(source)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--norestore",
            "--convert-to",
            "ods",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    path = tmp_path / "lo.ods"
    got = [(s.name, s.visible, s.rows) for s in read_ods(path, DEFAULT_LIMITS)]
    assert repr(got) == repr(_calamine(path))
    with open_workbook(path) as opened:
        assert opened.visible_sheet_names == ["Danh sách"]
        assert opened.sheet().value(3, 1) == "Nguyễn Văn 2"


def test_rows_inside_rows_and_cells_outside_rows_add_nothing(tmp_path: Path) -> None:
    # calamine refuses such a file; here a nested row's repeats must not be counted again.
    nested = (
        "".join(
            '<table:table-row table:number-rows-repeated="90000">'
            f'<table:table-cell office:value-type="float" office:value="{i}"/>'
            for i in range(2, 40)
        )
        + "</table:table-row>" * 38
    )
    path = _ods(
        tmp_path / "long.ods",
        '<table:table table:name="DS"><table:table-cell office:value-type="string"><text:p>lạc</text:p>'
        '</table:table-cell><table:table-row table:number-rows-repeated="2">'
        '<table:table-cell office:value-type="float" office:value="1"/>'
        f"{nested}</table:table-row></table:table>",
    )
    rows = read_ods(path, DEFAULT_LIMITS)[0].rows
    assert rows == [[float(i) for i in range(1, 40)]] * 2
