"""Documents with Vietnamese content for the export tests, and the external tools they read back with."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from emudesk.export import (
    Column,
    ColumnKind,
    Document,
    Header,
    Metadata,
    Orientation,
    Row,
    Section,
    Signature,
    Table,
    TotalRow,
    reference_line,
)

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Bùi", "Đỗ", "Ngô", "Vũ", "Huỳnh", "Dương"]
MIDDLE = ["Thị", "Văn", "Quốc", "Minh", "Thu", "Hữu", "Ngọc", "Đức", "Thị Hồng", "Xuân"]
GIVEN = ["Ánh", "Hưng", "Ước", "Nhung", "Dũng", "Hằng", "Phúc", "Thảo", "Khoa", "Yến", "Tuấn", "Ngọc"]
FIXED_NAMES = ["Nguyễn Thị Ánh", "Đặng Quốc Hưng", "Trần Văn Ước"]
PHRASES = [
    "Hoàn thành xuất sắc nhiệm vụ năm 2025",
    "có sáng kiến được Hội đồng sáng kiến cấp cơ sở công nhận",
    "góp phần hoàn thành nhiệm vụ chung của cơ quan, đơn vị",
    "tích cực tham gia phong trào thi đua yêu nước",
    "02 năm liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở",
]

LIST_COLUMNS = (
    Column("stt", "STT", 5, ColumnKind.INT),
    Column("name", "Họ và tên", 22),
    Column("unit", "Chức vụ, đơn vị công tác", 26),
    Column("born", "Ngày sinh", 11, ColumnKind.DATE),
    Column("summary", "Tóm tắt thành tích", 45),
    Column("amount", "Số tiền (đồng)", 13, ColumnKind.NUMBER),
)


def person_name(i: int) -> str:
    """Distinct names for i < 1440; the first three are the ones the brief cares about."""
    if i < len(FIXED_NAMES):
        return FIXED_NAMES[i]
    return f"{FAMILY[i % 12]} {MIDDLE[(i // 12) % 10]} {GIVEN[(i // 120) % 12]}"


def list_row(i: int, stt: int) -> Row:
    summary = "; ".join(PHRASES[: 1 + i % len(PHRASES)]) + "."
    return (
        stt,
        person_name(i),
        f"Chuyên viên, Phòng {['Tổ chức', 'Thi đua', 'Văn phòng'][i % 3]} số {i}",
        date(1970, 1, 1) + timedelta(days=97 * i),
        summary,
        1_170_000.0 * (1 + i % 3),
    )


def nomination_list(rows: int = 30, *, landscape: Orientation = Orientation.AUTO) -> Document:
    """A decision annex: I. BẰNG KHEN… with tập thể / cá nhân / hộ gia đình sub-sections."""
    thirds = [rows // 3, rows // 3, rows - 2 * (rows // 3)]
    headings = ["1. Tập thể", "2. Cá nhân", "3. Hộ gia đình"]
    sections = []
    i = 0
    for heading, count in zip(headings, thirds, strict=True):
        sections.append(Section(heading, rows=tuple(list_row(i + k, k + 1) for k in range(count))))
        i += count
    header = Header(
        issuing_agency="Sở Nội vụ",
        parent_agency="UBND tỉnh Thái Bình",
        number=15,
        code="DS-SNV",
        place="Thái Bình",
        date=date(2026, 1, 5),
        summary=("Tập thể, cá nhân, hộ gia đình được tặng Bằng khen của Chủ tịch UBND tỉnh",),
        reference=reference_line(
            "Quyết định", "15/QĐ-UBND", date(2026, 1, 5), "Chủ tịch UBND tỉnh Thái Bình"
        ),
    )
    table = Table(
        columns=LIST_COLUMNS,
        sections=(Section("I. BẰNG KHEN CỦA CHỦ TỊCH UBND TỈNH", sections=tuple(sections)),),
        totals=(TotalRow("Tổng cộng", {"amount": sum(1_170_000.0 * (1 + k % 3) for k in range(rows))}),),
    )
    return Document(
        header=header,
        tables=(table,),
        closing=(f"Tổng số: {thirds[0]} tập thể, {thirds[1]} cá nhân, {thirds[2]} hộ gia đình.",),
        footnotes=(
            "Danh sách gồm các tập thể, cá nhân, hộ gia đình đã được Hội đồng Thi đua - Khen thưởng xét.",
        ),
        signatures=(Signature("Phó Giám đốc", "Lương Thị Huyền", "KT. GIÁM ĐỐC"),),
        recipients=("Như trên;", "Lưu: VT, TĐKT."),
        orientation=landscape,
        metadata=Metadata(author="Sở Nội vụ tỉnh Thái Bình", subject="Khen thưởng năm 2025"),
    )


def council_minutes() -> Document:
    """Biên bản: grouped vote columns, percentages, two signers, portrait."""
    columns = (
        Column("stt", "STT", 5, ColumnKind.INT),
        Column("name", "Tên tập thể, cá nhân", 30),
        Column("yes", "Đồng ý", 8, ColumnKind.INT, group="Số phiếu"),
        Column("members", "Tổng số thành viên", 10, ColumnKind.INT, group="Số phiếu"),
        Column("ratio", "Tỷ lệ", 9, ColumnKind.PERCENT, decimals=2),
        Column("result", "Kết quả", 14),
    )
    rows = [
        (1, "Nguyễn Thị Ánh", 9, 11, 9 / 11, "Đạt"),
        (2, "Đặng Quốc Hưng", 7, 11, 7 / 11, "Không đạt"),
        (3, "Trần Văn Ước", 11, 11, 1.0, "Đạt"),
    ]
    return Document(
        header=Header(
            issuing_agency="Hội đồng Thi đua - Khen thưởng",
            parent_agency="UBND tỉnh Thái Bình",
            code="BB-HĐTĐKT",
            place="Thái Bình",
            date=date(2026, 2, 9),
            doc_type="Biên bản",
            summary=("Họp xét đề nghị danh hiệu Chiến sĩ thi đua cấp tỉnh năm 2025",),
        ),
        tables=(Table.from_rows(columns, rows, title="Kết quả bỏ phiếu kín"),),
        intro=(
            "Hôm nay, vào lúc 08 giờ 00 ngày 09 tháng 02 năm 2026, tại trụ sở Sở Nội vụ, Hội đồng "
            "Thi đua - Khen thưởng tỉnh họp xét đề nghị danh hiệu Chiến sĩ thi đua cấp tỉnh năm 2025. "
            "Có mặt 11/11 thành viên.",
        ),
        closing=("Cuộc họp kết thúc vào lúc 10 giờ 30 cùng ngày.",),
        signatures=(Signature("Thư ký", "Trần Văn Ước"), Signature("Chủ tọa", "Nguyễn Thị Ánh")),
    )


def summary_report() -> Document:
    """Báo cáo tổng hợp: two tables (two sheets), totals, an unnumbered document."""
    forms = (
        Column("form", "Hình thức khen thưởng", 30),
        Column("units", "Tập thể", 10, ColumnKind.INT),
        Column("people", "Cá nhân", 10, ColumnKind.INT),
        Column("households", "Hộ gia đình", 10, ColumnKind.INT),
    )
    quotas = (
        Column("unit", "Đơn vị đề nghị", 30),
        Column("quota", "Chỉ tiêu", 10, ColumnKind.INT),
        Column("used", "Đã dùng", 10, ColumnKind.INT),
        Column("share", "Tỷ lệ", 10, ColumnKind.PERCENT, decimals=1),
    )
    return Document(
        header=Header(
            issuing_agency="Sở Nội vụ",
            parent_agency="UBND tỉnh Thái Bình",
            code="BC-SNV",
            place="Thái Bình",
            date=date(2026, 3, 15),
            doc_type="Báo cáo",
            summary=("Tổng hợp kết quả khen thưởng năm 2025",),
        ),
        tables=(
            Table.from_rows(
                forms,
                [("Bằng khen của Chủ tịch UBND tỉnh", 12, 40, 3), ("Giấy khen của Giám đốc Sở", 20, 75, 0)],
                title="1. Số lượng theo hình thức: khen thưởng/đề nghị",
                totals=(TotalRow("Cộng", {"units": 32, "people": 115, "households": 3}),),
            ),
            Table.from_rows(
                quotas,
                [("Trường THPT Lê Quý Đôn", 10, 8, 0.8), ("UBND xã Vũ Thư", 5, 5, 1.0)],
                title="2. Chỉ tiêu đã sử dụng",
            ),
        ),
        signatures=(Signature("Giám đốc", "Nguyễn Thị Ánh"),),
    )


def require_tool(name: str) -> str:
    """Path of an external tool; CI must have it, a developer machine may skip."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"{name} is not installed; the CI set-up must install it")
        pytest.skip(f"{name} is not installed")
    return path


def pdf_text(path: Path, *, first: int | None = None, last: int | None = None) -> str:
    cmd = [require_tool("pdftotext"), "-enc", "UTF-8"]
    if first is not None:
        cmd += ["-f", str(first)]
    if last is not None:
        cmd += ["-l", str(last)]
    return subprocess.run([*cmd, str(path), "-"], check=True, capture_output=True, timeout=60).stdout.decode()
