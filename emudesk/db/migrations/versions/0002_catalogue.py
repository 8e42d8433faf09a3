"""Catalogue data: kinds of unit, emulation titles and award forms, lương cơ sở.

Sources: domain reference §1.1, §1.6, §2 (Luật TĐKT 06/2022/QH15; NĐ 152/2025/NĐ-CP Điều 49–54;
NĐ 73/2024/NĐ-CP). Every row is editable in the app; codes are stable identifiers.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NOW = datetime(2026, 11, 22)

UNIT_KINDS = [
    # code, name, tier, historical
    ("ubnd_tinh", "UBND tỉnh, thành phố trực thuộc Trung ương", "province", False),
    ("so_nganh", "Sở, ban, ngành tỉnh", "department", False),
    ("doan_the", "Mặt trận Tổ quốc, tổ chức chính trị - xã hội, hội cấp tỉnh", "department", False),
    ("nganh_doc", "Cơ quan Trung ương tổ chức theo ngành dọc tại tỉnh", "department", False),
    ("don_vi_truc_thuoc", "Phòng, đơn vị trực thuộc", "division", False),
    ("ubnd_huyen", "UBND huyện, quận, thị xã, thành phố thuộc tỉnh (đến 30/6/2025)", "district", True),
    ("ubnd_xa", "UBND xã, phường, đặc khu", "commune", False),
    ("thon_tdp", "Thôn, tổ dân phố", "village", False),
    ("hop_tac_xa", "Hợp tác xã", "other", False),
    ("doanh_nghiep", "Doanh nghiệp", "other", False),
    ("truong_hoc", "Trường học, cơ sở giáo dục", "division", False),
    ("cum_khoi", "Cụm, khối thi đua", "other", False),
    ("khac", "Tập thể khác", "other", False),
]

# code, name, short name, category, level, authority, (units, individuals, households), yearly,
# requires_vote, award type, coefficient individual, coefficient collective, source
AWARD_FORMS = [
    (
        "LDTT",
        "Lao động tiên tiến",
        "LĐTT",
        "title",
        "grassroots",
        "Thủ trưởng cơ quan, đơn vị; Giám đốc sở; Chủ tịch UBND xã",
        (0, 1, 0),
        1,
        0,
        "merit",
        "0.3",
        None,
        "Luật TĐKT 2022 Điều 24; NĐ 152/2025 Điều 49",
    ),
    (
        "CSTT",
        "Chiến sĩ tiên tiến",
        "CSTT",
        "title",
        "grassroots",
        "Thủ trưởng đơn vị lực lượng vũ trang",
        (0, 1, 0),
        1,
        0,
        "merit",
        "0.3",
        None,
        "Luật TĐKT 2022 Điều 24; NĐ 152/2025 Điều 49",
    ),
    (
        "CSTDCS",
        "Chiến sĩ thi đua cơ sở",
        "CSTĐCS",
        "title",
        "grassroots",
        "Thủ trưởng cơ quan, đơn vị; Giám đốc sở; Chủ tịch UBND xã",
        (0, 1, 0),
        1,
        1,
        "merit",
        "1.0",
        None,
        "Luật TĐKT 2022 Điều 23; NĐ 152/2025 Điều 49",
    ),
    (
        "CSTD_TINH",
        "Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
        "CSTĐ tỉnh",
        "title",
        "province",
        "Bộ trưởng, thủ trưởng ban, ngành Trung ương; Chủ tịch UBND tỉnh",
        (0, 1, 0),
        0,
        1,
        "merit",
        "3.0",
        None,
        "Luật TĐKT 2022 Điều 22; NĐ 152/2025 Điều 49",
    ),
    (
        "CSTD_TQ",
        "Chiến sĩ thi đua toàn quốc",
        "CSTĐ toàn quốc",
        "title",
        "state",
        "Thủ tướng Chính phủ",
        (0, 1, 0),
        0,
        1,
        "merit",
        "4.5",
        None,
        "Luật TĐKT 2022 Điều 21; NĐ 152/2025 Điều 49",
    ),
    (
        "TTLDTT",
        "Tập thể lao động tiên tiến",
        "TTLĐTT",
        "title",
        "grassroots",
        "Thủ trưởng cơ quan, đơn vị; Giám đốc sở; Chủ tịch UBND xã",
        (1, 0, 0),
        1,
        0,
        "merit",
        None,
        "0.8",
        "Luật TĐKT 2022 Điều 28; NĐ 152/2025 Điều 50",
    ),
    (
        "DVTT",
        "Đơn vị tiên tiến",
        "ĐVTT",
        "title",
        "grassroots",
        "Thủ trưởng đơn vị lực lượng vũ trang",
        (1, 0, 0),
        1,
        0,
        "merit",
        None,
        "0.8",
        "Luật TĐKT 2022 Điều 28; NĐ 152/2025 Điều 50",
    ),
    (
        "TTLDXS",
        "Tập thể lao động xuất sắc",
        "TTLĐXS",
        "title",
        "province",
        "Bộ trưởng, thủ trưởng ban, ngành Trung ương; Chủ tịch UBND tỉnh",
        (1, 0, 0),
        1,
        0,
        "merit",
        None,
        "1.5",
        "Luật TĐKT 2022 Điều 27; NĐ 152/2025 Điều 50",
    ),
    (
        "DVQT",
        "Đơn vị quyết thắng",
        "ĐVQT",
        "title",
        "province",
        "Bộ trưởng Bộ Quốc phòng, Bộ Công an",
        (1, 0, 0),
        1,
        0,
        "merit",
        None,
        "1.5",
        "Luật TĐKT 2022 Điều 27; NĐ 152/2025 Điều 50",
    ),
    (
        "CO_TINH",
        "Cờ thi đua của bộ, ban, ngành, tỉnh",
        "Cờ thi đua tỉnh",
        "title",
        "province",
        "Bộ trưởng, thủ trưởng ban, ngành Trung ương; UBND tỉnh",
        (1, 0, 0),
        1,
        1,
        "merit",
        None,
        "8.0",
        "Luật TĐKT 2022 Điều 26; NĐ 152/2025 Điều 50",
    ),
    (
        "CO_CP",
        "Cờ thi đua của Chính phủ",
        "Cờ thi đua Chính phủ",
        "title",
        "state",
        "Thủ tướng Chính phủ",
        (1, 0, 0),
        1,
        1,
        "merit",
        None,
        "12.0",
        "Luật TĐKT 2022 Điều 25; NĐ 152/2025 Điều 50",
    ),
    (
        "XA_TIEU_BIEU",
        "Xã, phường, đặc khu tiêu biểu",
        "Xã tiêu biểu",
        "title",
        "province",
        "Chủ tịch UBND tỉnh",
        (1, 0, 0),
        1,
        0,
        "merit",
        None,
        "2.0",
        "Luật TĐKT 2022 Điều 20; NĐ 86/2023; NĐ 152/2025 Điều 50",
    ),
    (
        "THON_VH",
        "Thôn, tổ dân phố văn hóa",
        "Thôn văn hóa",
        "title",
        "grassroots",
        "Chủ tịch UBND xã",
        (1, 0, 0),
        1,
        0,
        "merit",
        None,
        "1.5",
        "Luật TĐKT 2022 Điều 80; NĐ 86/2023; NĐ 129/2025 Điều 59; NĐ 152/2025 Điều 50",
    ),
    (
        "GDVH",
        "Gia đình văn hóa",
        "Gia đình văn hóa",
        "title",
        "grassroots",
        "Chủ tịch UBND xã",
        (0, 0, 1),
        1,
        0,
        "merit",
        None,
        None,
        "Luật TĐKT 2022 Điều 20, 80.3; NĐ 86/2023",
    ),
    (
        "BK_TINH",
        "Bằng khen của Chủ tịch UBND tỉnh",
        "Bằng khen CT UBND tỉnh",
        "form",
        "province",
        "Chủ tịch UBND tỉnh",
        (1, 1, 1),
        0,
        0,
        "merit",
        None,
        "3.0",
        "Luật TĐKT 2022 Điều 74; NĐ 152/2025 Điều 51",
    ),
    (
        "BK_BO",
        "Bằng khen của Bộ trưởng, thủ trưởng ban, ngành Trung ương",
        "Bằng khen cấp bộ",
        "form",
        "province",
        "Bộ trưởng, thủ trưởng ban, ngành Trung ương",
        (1, 1, 1),
        0,
        0,
        "merit",
        None,
        "3.0",
        "Luật TĐKT 2022 Điều 74; NĐ 152/2025 Điều 51",
    ),
    (
        "BK_TTG",
        "Bằng khen của Thủ tướng Chính phủ",
        "Bằng khen Thủ tướng",
        "form",
        "state",
        "Thủ tướng Chính phủ",
        (1, 1, 1),
        0,
        0,
        "merit",
        None,
        "7.0",
        "Luật TĐKT 2022 Điều 73; NĐ 152/2025 Điều 51",
    ),
    (
        "GK",
        "Giấy khen",
        "Giấy khen",
        "form",
        "grassroots",
        "Thủ trưởng cơ quan, đơn vị; Giám đốc sở; Chủ tịch UBND xã",
        (1, 1, 1),
        0,
        0,
        "merit",
        None,
        "0.6",
        "Luật TĐKT 2022 Điều 75; NĐ 152/2025 Điều 51",
    ),
    (
        "HCLD3",
        "Huân chương Lao động hạng Ba",
        "HCLĐ hạng Ba",
        "form",
        "state",
        "Chủ tịch nước",
        (1, 1, 0),
        0,
        0,
        "merit",
        None,
        "9.0",
        "Luật TĐKT 2022 Điều 33, 45; NĐ 152/2025 Điều 51",
    ),
    (
        "HCLD2",
        "Huân chương Lao động hạng Nhì",
        "HCLĐ hạng Nhì",
        "form",
        "state",
        "Chủ tịch nước",
        (1, 1, 0),
        0,
        0,
        "merit",
        None,
        None,
        "Luật TĐKT 2022 Điều 33, 45",
    ),
    (
        "HCLD1",
        "Huân chương Lao động hạng Nhất",
        "HCLĐ hạng Nhất",
        "form",
        "state",
        "Chủ tịch nước",
        (1, 1, 0),
        0,
        0,
        "merit",
        None,
        None,
        "Luật TĐKT 2022 Điều 33, 45",
    ),
    (
        "AHLD",
        "Danh hiệu Anh hùng Lao động",
        "Anh hùng Lao động",
        "title",
        "state",
        "Chủ tịch nước",
        (1, 1, 0),
        0,
        1,
        "merit",
        None,
        "31.0",
        "Luật TĐKT 2022; NĐ 152/2025 Điều 51",
    ),
    (
        "KNC",
        "Kỷ niệm chương",
        "Kỷ niệm chương",
        "form",
        "province",
        "Bộ trưởng, thủ trưởng ban, ngành Trung ương",
        (0, 1, 0),
        0,
        0,
        "career",
        None,
        None,
        "Luật TĐKT 2022 Điều 76; thông tư của từng bộ",
    ),
]

BASE_SALARIES = [
    (date(2019, 7, 1), 1_490_000, "NĐ 38/2019/NĐ-CP"),
    (date(2023, 7, 1), 1_800_000, "NĐ 24/2023/NĐ-CP"),
    (date(2024, 7, 1), 2_340_000, "NĐ 73/2024/NĐ-CP"),
]


def _record_cols() -> list[sa.ColumnClause[object]]:
    return [
        sa.column("id", sa.Integer),
        sa.column("uuid", sa.String),
        sa.column("created_at", sa.DateTime),
        sa.column("updated_at", sa.DateTime),
    ]


def _stamp() -> dict[str, object]:
    return {"uuid": str(uuid.uuid4()), "created_at": _NOW, "updated_at": _NOW}


def upgrade() -> None:
    unit_kinds = sa.table(
        "unit_kinds",
        *_record_cols(),
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("tier", sa.String),
        sa.column("historical", sa.Boolean),
        sa.column("sort_order", sa.Integer),
    )
    op.bulk_insert(
        unit_kinds,
        [
            {"code": c, "name": n, "tier": t, "historical": h, "sort_order": i * 10, **_stamp()}
            for i, (c, n, t, h) in enumerate(UNIT_KINDS)
        ],
    )
    forms = sa.table(
        "award_forms",
        *_record_cols(),
        *(
            sa.column(n, sa.String)
            for n in (
                "code",
                "name",
                "short_name",
                "category",
                "level",
                "authority",
                "default_award_type",
                "source",
            )
        ),
        *(
            sa.column(n, sa.Boolean)
            for n in ("for_units", "for_individuals", "for_households", "yearly", "requires_vote", "active")
        ),
        sa.column("coefficient_individual", sa.Numeric),
        sa.column("coefficient_collective", sa.Numeric),
        sa.column("sort_order", sa.Integer),
    )
    rows = []
    for i, (code, name, short, cat, level, auth, (u, ind, hh), yearly, vote, atype, ci, cc, src) in enumerate(
        AWARD_FORMS
    ):
        rows.append(
            {
                "code": code,
                "name": name,
                "short_name": short,
                "category": cat,
                "level": level,
                "authority": auth,
                "for_units": bool(u),
                "for_individuals": bool(ind),
                "for_households": bool(hh),
                "yearly": bool(yearly),
                "requires_vote": bool(vote),
                "default_award_type": atype,
                "coefficient_individual": ci,
                "coefficient_collective": cc,
                "active": True,
                "sort_order": i * 10,
                "source": src,
                **_stamp(),
            }
        )
    op.bulk_insert(forms, rows)
    salaries = sa.table(
        "base_salaries",
        *_record_cols(),
        sa.column("effective_from", sa.Date),
        sa.column("amount", sa.Integer),
        sa.column("source", sa.String),
    )
    op.bulk_insert(
        salaries, [{"effective_from": d, "amount": a, "source": s, **_stamp()} for d, a, s in BASE_SALARIES]
    )


def downgrade() -> None:
    op.execute("DELETE FROM base_salaries")
    op.execute("DELETE FROM award_forms")
    op.execute("DELETE FROM unit_kinds")
