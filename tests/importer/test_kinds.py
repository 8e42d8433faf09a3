"""Each import kind on a file shaped like the ones offices keep."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from emudesk.domain.enums import (
    AwardType,
    CampaignKind,
    Gender,
    MilestoneKind,
    QuotaKind,
    QuotaScope,
    Rating,
    Recurrence,
    SubjectKind,
)
from emudesk.importer.kinds import parse_campaign, parse_file
from tests.importer.builders import save, sheet_of

D = dt.date


def test_award_history_from_an_achievement_report(tmp_path: Path) -> None:
    # Báo cáo thành tích, part III: Năm | Danh hiệu/Hình thức | Số, ngày tháng năm quyết định; issuer
    rows = [
        ["III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"],
        [
            "Họ và tên",
            "Năm",
            "Danh hiệu/Hình thức",
            "Số, ngày tháng năm quyết định; cơ quan ban hành",
            "Loại hình",
        ],
        [
            "Nguyễn Văn Đức",
            2021,
            "Chiến sĩ thi đua cơ sở",
            "Quyết định số 15/QĐ-UBND ngày 05/01/2022 của Chủ tịch UBND huyện Vũ Thư",
            None,
        ],
        ["Nguyễn Văn Đức", None, "Giấy khen", "Số 7/QĐ-CT ngày 12 tháng 3 năm 2023", "Đột xuất"],
        ["Phòng Nội vụ", 2022, "Tập thể lao động xuất sắc", "12/QĐ-UBND", "Công trạng"],
        ["Trần Thị Hoa", None, "Bằng khen", "không rõ", None],
    ]
    result = parse_file(save(sheet_of(rows), tmp_path / "kt.xlsx"), "awards")
    a, b, c, d = result.rows
    assert a.ok, a.errors
    assert a.values["year"] == 2021
    assert (a.values["decision_number"], a.values["decision_date"], a.values["issuer"]) == (
        "15/QĐ-UBND",
        D(2022, 1, 5),
        "Chủ tịch UBND huyện Vũ Thư",
    )
    assert a.values["subject_kind"] is SubjectKind.INDIVIDUAL and a.values["subject_kind_guessed"] is True
    assert a.values["given_name"] == "Đức" and a.values["recipient"] == "Nguyễn Văn Đức"
    assert "award_type" not in a.values  # the next step applies the form's default
    assert b.ok and b.values["year"] == 2023 and b.values["award_type"] is AwardType.AD_HOC
    assert c.ok and c.values["subject_kind"] is SubjectKind.UNIT and c.values["recipient"] == "Phòng Nội vụ"
    assert {e.field for e in d.errors} == {"decision_ref", "year"}


def test_award_history_with_separate_columns(tmp_path: Path) -> None:
    rows = [
        [
            "Đối tượng",
            "Tên tập thể, cá nhân",
            "Số CCCD",
            "Năm",
            "Hình thức khen thưởng",
            "Số quyết định",
            "Ngày quyết định",
            "Cơ quan ban hành",
            "Tiền thưởng",
        ],
        [
            "Cá nhân",
            "Bà Lê Thị Mai",
            "'034185000002",
            2020,
            "Bằng khen của Chủ tịch UBND tỉnh",
            "123/QĐ-UBND",
            "20/01/2021",
            "UBND tỉnh Thái Bình",
            "1.404.000",
        ],
    ]
    row = parse_file(save(sheet_of(rows), tmp_path / "kt.xlsx"), "awards").rows[0]
    assert row.ok, row.errors
    assert row.values["recipient"] == "Lê Thị Mai" and row.values["gender"] is Gender.FEMALE
    assert row.values["cash_amount"] == Decimal(1404000)
    assert "subject_kind_guessed" not in row.values


def test_nominations_sent_up_by_a_district(tmp_path: Path) -> None:
    rows = [
        ["UBND HUYỆN VŨ THƯ"],
        ["DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG"],
        ["(Kèm theo Tờ trình số 25/TTr-UBND ngày 10/11/2023)"],
        [
            "STT",
            "Tên tập thể, cá nhân",
            "Chức vụ",
            "Đơn vị",
            "Hình thức đề nghị",
            "Tóm tắt thành tích",
            "Phân loại đối tượng",
        ],
        ["I", "Tập thể"],
        [
            1,
            "UBND xã Tân Lập",
            None,
            "Huyện Vũ Thư",
            "Bằng khen của Chủ tịch UBND tỉnh",
            "Đạt chuẩn NTM nâng cao",
            "Tập thể",
        ],
        ["II", "Cá nhân"],
        [
            2,
            "Ông Phạm Văn Hùng",
            "Chủ tịch",
            "UBND xã Tân Lập",
            "Bằng khen của Chủ tịch UBND tỉnh",
            "Chỉ đạo xây dựng NTM",
            None,
        ],
        [3, "Hộ ông Nguyễn Văn Tư", None, "Xã Tân Lập", "Giấy khen", "Hiến 300 m² đất", None],
        [4, "Cô Lan", None, None, None, None, None],
    ]
    result = parse_file(save(sheet_of(rows), tmp_path / "dn.xlsx"), "nominations")
    by_stt = {r.values.get("stt"): r for r in result.rows}
    assert set(by_stt) == {"1", "2", "3", "4"}  # "I. Tập thể", "II. Cá nhân" are headings
    unit, person, household = by_stt["1"], by_stt["2"], by_stt["3"]
    assert unit.ok and unit.values["subject_kind"] is SubjectKind.UNIT
    assert person.ok and person.values["subject_kind"] is SubjectKind.INDIVIDUAL
    assert person.values["gender"] is Gender.MALE and person.values["full_name"] == "Phạm Văn Hùng"
    assert household.values["subject_kind"] is SubjectKind.HOUSEHOLD
    assert {e.field for e in by_stt["4"].errors} >= {"award_name", "recipient"}


def test_annual_ratings(tmp_path: Path) -> None:
    rows = [
        ["Họ và tên", "Ngày sinh", "Đơn vị", "Năm", "Xếp loại"],
        ["Nguyễn Văn A", "01/01/1980", "Phòng Nội vụ", 2023, "HTXSNV"],
        [None, None, "Phòng Nội vụ", "2023", "Hoàn thành tốt nhiệm vụ"],
        ["Trần B", None, None, 2023, "Giỏi"],
        [None, None, None, 2023, "HTNV"],
    ]
    a, b, c, d = parse_file(save(sheet_of(rows), tmp_path / "xl.xlsx"), "ratings").rows
    assert a.values["rating"] is Rating.EXCELLENT and a.values["subject_kind"] is SubjectKind.INDIVIDUAL
    assert b.ok and b.values["subject_kind"] is SubjectKind.UNIT and b.values["rating"] is Rating.GOOD
    assert [e.field for e in c.errors] == ["rating"]
    assert [e.field for e in d.errors] == ["full_name"]


def test_households(tmp_path: Path) -> None:
    rows = [
        ["STT", "Họ và tên chủ hộ", "Thôn, tổ dân phố", "Xã, phường", "Thành viên"],
        [1, "Ông Nguyễn Văn Tư", "Thôn Đông", "Xã Tân Lập", "Nguyễn Thị Năm (vợ); Nguyễn Văn Sáu (con)"],
    ]
    row = parse_file(save(sheet_of(rows), tmp_path / "h.xlsx"), "households").rows[0]
    assert row.ok
    assert row.values["head_name"] == "Nguyễn Văn Tư"
    assert row.values["members"] == ["Nguyễn Thị Năm (vợ)", "Nguyễn Văn Sáu (con)"]


def test_achievements(tmp_path: Path) -> None:
    rows = [
        ["Họ và tên", "Phong trào", "Năm", "Tóm tắt thành tích"],
        ["Nguyễn Văn A", "Chung sức xây dựng NTM", 2023, "Hiến đất"],
    ]
    row = parse_file(save(sheet_of(rows), tmp_path / "a.xlsx"), "achievements").rows[0]
    assert row.ok and row.values["campaign"] == "Chung sức xây dựng NTM"


def _campaign_workbook(tmp_path: Path) -> Path:
    wb = Workbook()
    plan = wb.active
    assert plan is not None
    plan.title = "Kế hoạch"
    plan.append(
        [
            "Số, ký hiệu",
            "Cơ quan ban hành",
            "Ngày ban hành",
            "Tên phong trào",
            "Hình thức tổ chức",
            "Giai đoạn",
        ]
    )
    plan.append(
        [
            "Số: 104/KH-UBND",
            "Ủy ban nhân dân tỉnh Thái Bình",
            "12/7/2022",
            "Chung sức xây dựng nông thôn mới nâng cao, nông thôn mới kiểu mẫu",
            "Chuyên đề",
            "giai đoạn 2021-2025",
        ]
    )
    phases = wb.create_sheet("Giai đoạn")
    phases.append(["Tên giai đoạn", "Từ ngày", "Đến ngày"])
    phases.append(["Giai đoạn 1", 2024, 2026])
    phases.append(["Giai đoạn 2", 2027, 2026])
    ms = wb.create_sheet("Mốc thời gian")
    ms.append(["Loại mốc", "Nội dung", "Thời hạn", "Lặp lại", "Đơn vị thực hiện"])
    ms.append(["Sơ kết", "Sơ kết phong trào", "quý IV năm 2023", None, "Ủy ban nhân dân tỉnh"])
    ms.append(["Tổng kết", "Tổng kết phong trào", "2025", "Một lần", "Ủy ban nhân dân tỉnh"])
    ms.append(["Hạn nộp hồ sơ", "Nộp hồ sơ đề nghị", dt.date(2024, 12, 1), "Hằng năm", "Các sở, ngành"])
    tg = wb.create_sheet("Chỉ tiêu")
    tg.append(["Chỉ tiêu", "So sánh", "Giá trị", "Đơn vị tính", "Năm"])
    tg.append(["Số xã đạt chuẩn NTM nâng cao", "trên", "20%", "% số xã", 2025])
    pt = wb.create_sheet("Đối tượng")
    pt.append(["Loại đối tượng", "Loại đơn vị", "Đối tượng"])
    pt.append(["Tập thể", "Sở", "Các sở, ban, ngành"])
    pt.append(["Hộ gia đình", None, "Gia đình trong và ngoài tỉnh"])
    cr = wb.create_sheet("Tiêu chuẩn")
    cr.append(["Mã", "Thuộc mục", "Nhóm", "Loại đối tượng", "Nội dung tiêu chuẩn"])
    cr.append(
        ["c", None, "c) Đối với cấp xã", "Tập thể", "Đối với xã được công nhận đạt chuẩn nông thôn mới:"]
    )
    cr.append(["c.1", "c", "c) Đối với cấp xã", "Tập thể", "Đạt chuẩn nông thôn mới nâng cao"])
    hf = wb.create_sheet("Hình thức khen thưởng")
    hf.append(["Hình thức khen thưởng", "Tập thể", "Cá nhân", "Hộ gia đình", "Thuộc thẩm quyền"])
    hf.append(["Bằng khen của Chủ tịch UBND tỉnh", "x", "x", None, "Có"])
    qt = wb.create_sheet("Hạn mức")
    qt.append(
        [
            "Tên hạn mức",
            "Hình thức khen thưởng",
            "Loại đối tượng",
            "Loại đơn vị",
            "Phạm vi",
            "Số lượng tối đa",
            "Tỷ lệ",
        ]
    )
    qt.append(
        [
            "Tập thể trực thuộc Sở",
            "Bằng khen của Chủ tịch UBND tỉnh",
            "Tập thể",
            "Đơn vị trực thuộc Sở",
            "Mỗi đơn vị đề nghị",
            1,
            None,
        ]
    )
    qt.append(["CSTĐCS", "Chiến sĩ thi đua cơ sở", "Cá nhân", None, None, None, "15%"])
    qt.append(["Ưu tiên", "Bằng khen; Giấy khen", None, None, None, None, None])
    return save(wb, tmp_path / "kh.xlsx")


def test_campaign_workbook(tmp_path: Path) -> None:
    result = parse_campaign(_campaign_workbook(tmp_path))
    plan = result.plan
    assert plan is not None
    assert (plan["plan_number"], plan["plan_symbol"]) == ("104", "KH-UBND")
    assert plan["kind"] is CampaignKind.THEMATIC
    assert (plan["start_date"], plan["end_date"]) == (D(2021, 1, 1), D(2025, 12, 31))
    phases = result.parts["campaign_phases"].rows
    assert phases[0].values["end_date"] == D(2026, 12, 31)
    assert [e.field for e in phases[1].errors] == ["end_date"]
    ms = [r.values for r in result.parts["campaign_milestones"].rows]
    assert ms[0]["kind"] is MilestoneKind.INTERIM_REVIEW and ms[0]["due_date"] == D(2023, 12, 31)
    assert ms[0]["when_text"] == "quý IV năm 2023"
    assert ms[2]["recurrence"] is Recurrence.YEARLY and "when_text" not in ms[2]
    target = result.parts["campaign_targets"].rows[0].values
    assert (target["comparator"], target["value"], target["target_year"]) == (">", Decimal(20), 2025)
    participants = [r.values for r in result.parts["campaign_participants"].rows]
    assert participants[1]["subject_kind"] is SubjectKind.HOUSEHOLD
    criteria = [r.values for r in result.parts["campaign_criteria"].rows]
    assert criteria[1]["parent_code"] == "c"
    offered = result.parts["campaign_forms"].rows[0].values
    assert (offered["for_units"], offered["for_individuals"], offered["within_authority"]) == (
        True,
        True,
        True,
    )
    q1, q2, q3 = (r.values for r in result.parts["campaign_quotas"].rows)
    assert (q1["kind"], q1["scope"], q1["limit"], q1["unit_kind"]) == (
        QuotaKind.COUNT,
        QuotaScope.PROPOSING_UNIT,
        1,
        "Đơn vị trực thuộc Sở",
    )
    assert (q2["kind"], q2["ratio"], q2["scope"]) == (QuotaKind.RATIO, Decimal(15), QuotaScope.CAMPAIGN)
    assert q3["kind"] is QuotaKind.PRIORITY and q3["forms"] == ["Bằng khen", "Giấy khen"]
    assert [e.field for e in result.all_errors()] == ["end_date"]


def test_campaign_without_plan_sheet(tmp_path: Path) -> None:
    result = parse_campaign(
        save(sheet_of([["Tên giai đoạn"], ["GĐ 1"]], title="Giai đoạn"), tmp_path / "k.xlsx")
    )
    assert not result.ok and result.plan is None
    assert "Kế hoạch" in str(result.errors[0])
