"""Templates: headers, drop-downs on a hidden list sheet, help sheet; read back by our own reader."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from emudesk.domain.enums import Gender, Rating, SubjectKind
from emudesk.importer.cells import Bad
from emudesk.importer.kinds import CAMPAIGN, KINDS, parse_campaign, parse_file
from emudesk.importer.reader import INSTRUCTIONS_SHEET, LISTS_SHEET, open_workbook
from emudesk.importer.template import BUILTIN_CHOICES, template_sheets, write_template

UNITS = [f"Ủy ban nhân dân xã Tân Lập số {i} thuộc huyện Vũ Thư tỉnh Thái Bình" for i in range(40)]
CHOICES = {
    "units": UNITS,
    "unit_kinds": ["Sở, ban, ngành", "Phòng", "UBND xã", "Thôn, tổ dân phố"],
    "award_forms": ["Bằng khen của Chủ tịch UBND tỉnh", "Giấy khen", "Chiến sĩ thi đua cơ sở"],
}


@pytest.mark.parametrize("kind", [*KINDS, CAMPAIGN])
def test_blank_template_reads_back(tmp_path: Path, kind: str) -> None:
    path = write_template(kind, tmp_path / f"{kind}.xlsx", choices=CHOICES)
    with open_workbook(path) as book:
        names = book.sheet_names
        assert book.visible_sheet_names == [
            *(s.sheet_name for s in template_sheets(kind)),
            INSTRUCTIONS_SHEET,
        ]
        assert names[-1] == LISTS_SHEET
    if kind == CAMPAIGN:
        result = parse_campaign(path)
        assert set(result.parts) == {s.key for s in template_sheets(kind)}
        for part in result.parts.values():
            assert part.mapping is not None and part.mapping.confidence == 1.0 and not part.mapping.unmatched
        return
    parsed = parse_file(path, kind)
    spec = KINDS[kind]
    assert parsed.ok and not parsed.rows
    assert parsed.mapping is not None
    assert [c.field for c in parsed.mapping.columns] == [f.key for f in spec.fields]
    assert parsed.mapping.confidence == 1.0 and not parsed.mapping.unmatched


def test_template_layout(tmp_path: Path) -> None:
    path = write_template("individuals", tmp_path / "cn.xlsx", choices=CHOICES)
    wb = openpyxl.load_workbook(path)
    ws = wb["Cá nhân"]
    assert ws.freeze_panes == "A2"
    assert wb[LISTS_SHEET].sheet_state == "hidden"
    assert ws.column_dimensions["E"].number_format == "@"  # ID numbers stay text
    assert ws["B1"].comment is not None
    formulas = {str(dv.sqref).split(":")[0]: dv for dv in ws.data_validations.dataValidation}
    unit_list = formulas["G2"].formula1
    assert unit_list.startswith(f"{LISTS_SHEET}!$")
    assert len(", ".join(UNITS)) > 255  # would not fit an inline list
    column = unit_list.split("!")[1].split(":")[0].replace("$", "")[:-1]
    assert [c.value for c in wb[LISTS_SHEET][column]] == UNITS
    assert formulas["C2"].showErrorMessage  # gender is a closed list
    assert not formulas["G2"].showErrorMessage  # a unit not yet recorded is only warned about
    help_ws = wb[INSTRUCTIONS_SHEET]
    assert help_ws["A1"].value == "Hướng dẫn điền mẫu nhập liệu"


def test_every_drop_down_value_parses(tmp_path: Path) -> None:
    for kind in [*KINDS, CAMPAIGN]:
        for spec in template_sheets(kind):
            for f in spec.fields:
                for value in BUILTIN_CHOICES.get(f.choices or "", []):
                    assert not isinstance(f.parser(value), Bad), (spec.key, f.key, value)


def test_filled_template_round_trip(tmp_path: Path) -> None:
    path = write_template("individuals", tmp_path / "cn.xlsx", choices=CHOICES)
    wb = openpyxl.load_workbook(path)
    ws = wb["Cá nhân"]
    ws.append(
        [1, "Nguyễn Thị Ánh", "Nữ", dt.date(1990, 5, 17), "034190000123", "Tày", UNITS[3], "Chuyên viên"]
    )
    ws.append([2, "Lê Văn Bình", "Nam", "1975", "001075000001", None, UNITS[0]])
    wb.save(path)
    parsed = parse_file(path, "individuals")
    assert parsed.ok, [str(e) for e in parsed.all_errors()]
    a, b = (r.values for r in parsed.rows)
    assert (a["given_name"], a["gender"], a["birth_date"], a["unit"]) == (
        "Ánh",
        Gender.FEMALE,
        dt.date(1990, 5, 17),
        UNITS[3],
    )
    assert (b["birth_year"], b["id_number"]) == (1975, "001075000001")


def test_filled_ratings_and_awards_templates(tmp_path: Path) -> None:
    path = write_template("ratings", tmp_path / "xl.xlsx", choices=CHOICES)
    wb = openpyxl.load_workbook(path)
    wb["Xếp loại"].append([1, "Nguyễn Văn A", None, None, UNITS[0], 2024, BUILTIN_CHOICES["rating"][0]])
    wb.save(path)
    row = parse_file(path, "ratings").rows[0]
    assert row.ok and row.values["rating"] is Rating.EXCELLENT

    path = write_template("awards", tmp_path / "kt.xlsx", choices=CHOICES)
    wb = openpyxl.load_workbook(path)
    wb["Khen thưởng"].append([1, "Tập thể", "Phòng Nội vụ", None, None, None, 2023, "Giấy khen"])
    wb.save(path)
    row = parse_file(path, "awards").rows[0]
    assert row.ok and row.values["subject_kind"] is SubjectKind.UNIT


def test_filled_campaign_template(tmp_path: Path) -> None:
    path = write_template(CAMPAIGN, tmp_path / "kh.xlsx", choices=CHOICES)
    wb = openpyxl.load_workbook(path)
    wb["Kế hoạch"].append(
        [
            "101/KH-UBND",
            "UBND tỉnh Hòa Bình",
            None,
            "10/05/2024",
            "Đẩy mạnh sản xuất nông sản",
            None,
            "Chuyên đề",
        ]
    )
    wb["Hạn mức"].append(
        [
            "Không quá 01 cá nhân",
            "Bằng khen của Chủ tịch UBND tỉnh",
            "Số lượng",
            "Cá nhân",
            None,
            "Mỗi đơn vị đề nghị",
            1,
        ]
    )
    wb.save(path)
    result = parse_campaign(path)
    assert result.ok, [str(e) for e in result.all_errors()]
    assert result.plan is not None and result.plan["plan_number"] == "101"
    quota = result.parts["campaign_quotas"].rows[0].values
    assert quota["limit"] == 1 and quota["forms"] == ["Bằng khen của Chủ tịch UBND tỉnh"]
