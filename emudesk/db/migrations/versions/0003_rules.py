"""Legal rules as dated data, councils and their sessions, corrections of decisions.

Ships the rules of domain.md (§0–§2) as data, each with its document, article and
dates, so nominations are judged by the rules in force on the day their file was
received:

- Luật TĐKT 06/2022/QH15 (from 01/01/2024): titles Điều 21–24, 27, 28; one achievement, one award
  (Điều 5). Cờ thi đua (Điều 26) and Bằng khen (Điều 74) criteria are restated by provinces only:
  shipped unconfirmed.
- NĐ 152/2025/NĐ-CP (from 01/7/2025): đột xuất and chuyên đề awards never ground a higher award
  (Điều 4.3), discipline (Điều 4.4), cash rewards (Điều 49–54). Its vote thresholds were not
  retrieved: NĐ 98's 90 %/80 % are carried over, unconfirmed.
- NĐ 98/2023/NĐ-CP (01/01/2024 – 30/6/2025, expired): vote thresholds (Điều 30.7).
- NĐ 91/2017/NĐ-CP (expired 01/01/2024): CSTĐCS ≤ 15 % of LĐTT.
- Luật TĐKT 2003 (expired 01/01/2024): TTLĐTT needs more than 50 % LĐTT.
- NĐ 86/2023/NĐ-CP (from 30/01/2024): Gia đình văn hóa, thôn văn hóa, xã tiêu biểu.
- QĐ 86/2025/QĐ-UBND Bắc Ninh (inactive example of a province's regulation): council quorum.

Rules marked unconfirmed say so wherever they are cited; every rule is editable.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_NOW = datetime(2026, 11, 22)

_S_LAW = "thuvienphapluat.vn (Luật TĐKT 2022 Điều 5, 8, 20–24, 80, 93); sbft.hust.edu.vn (Điều 27)"
_S_152 = "thuvienphapluat.vn (NĐ 152/2025 Điều 4, 9, 49–54, 59); vbpl.vn id 178327"
_S_98 = "thuvienphapluat.vn (NĐ 98/2023 Điều 30.7, 32–34, 104)"
_S_BN = "https://thuvienphapluat.vn/van-ban/Bo-may-hanh-chinh/Quyet-dinh-86-2025-QD-UBND-cong-tac-thi-dua-khen-thuong-Bac-Ninh-682835.aspx"

# code, name, short name, jurisdiction, jurisdiction name, issued, from, to (last day), active, source, note
RULE_SETS: list[tuple[Any, ...]] = [
    (
        "LUAT_2022",
        "Luật Thi đua, khen thưởng số 06/2022/QH15",
        "Luật TĐKT 2022",
        "national",
        "Quốc hội",
        date(2022, 6, 15),
        date(2024, 1, 1),
        None,
        True,
        _S_LAW,
        "Luật số 06/2026/QH16 sửa đổi, bổ sung có hiệu lực từ 01/10/2026 (chưa cập nhật nội dung). "
        "Hồ sơ tiếp nhận trước ngày đó áp dụng luật hiện hành, trừ khi quy định mới có lợi hơn.",
    ),
    (
        "ND_152_2025",
        "Nghị định số 152/2025/NĐ-CP quy định chi tiết Luật Thi đua, khen thưởng",
        "NĐ 152/2025/NĐ-CP",
        "national",
        "Chính phủ",
        date(2025, 6, 14),
        date(2025, 7, 1),
        None,
        True,
        _S_152,
        "Thay thế NĐ 98/2023/NĐ-CP và NĐ 28/2024/NĐ-CP (Điều 59). vbpl.vn ghi ngày hết hiệu lực "
        "01/3/2027 — chưa xác minh.",
    ),
    (
        "ND_98_2023",
        "Nghị định số 98/2023/NĐ-CP quy định chi tiết Luật Thi đua, khen thưởng",
        "NĐ 98/2023/NĐ-CP",
        "national",
        "Chính phủ",
        date(2023, 12, 31),
        date(2024, 1, 1),
        date(2025, 6, 30),
        True,
        _S_98,
        "Hết hiệu lực từ 01/7/2025; giữ lại để xét hồ sơ tiếp nhận trước ngày đó.",
    ),
    (
        "ND_91_2017",
        "Nghị định số 91/2017/NĐ-CP quy định chi tiết thi hành Luật Thi đua, khen thưởng",
        "NĐ 91/2017/NĐ-CP",
        "national",
        "Chính phủ",
        date(2017, 7, 31),
        None,
        date(2023, 12, 31),
        True,
        "thuvienphapluat.vn (tỷ lệ Chiến sĩ thi đua cơ sở)",
        "Hết hiệu lực từ 01/01/2024. Ngày có hiệu lực chưa xác minh.",
    ),
    (
        "LUAT_2003",
        "Luật Thi đua, khen thưởng năm 2003 (sửa đổi, bổ sung năm 2005, 2013)",
        "Luật TĐKT 2003",
        "national",
        "Quốc hội",
        date(2003, 11, 26),
        None,
        date(2023, 12, 31),
        True,
        "thiduakhenthuong.langson.gov.vn (Điều 28)",
        "Hết hiệu lực từ 01/01/2024.",
    ),
    (
        "ND_86_2023",
        "Nghị định số 86/2023/NĐ-CP quy định khung tiêu chuẩn và trình tự, thủ tục, hồ sơ xét tặng danh hiệu "
        "“Gia đình văn hóa”, “Thôn, tổ dân phố văn hóa”, “Xã, phường, thị trấn tiêu biểu”",
        "NĐ 86/2023/NĐ-CP",
        "national",
        "Chính phủ",
        date(2023, 12, 7),
        date(2024, 1, 30),
        None,
        True,
        "nguoihanoi.vn; vietnam.vn (NĐ 86/2023)",
        "Xét hằng năm, hoàn thành trước ngày 25/11.",
    ),
    (
        "BN_86_2025",
        "Quyết định số 86/2025/QĐ-UBND ban hành Quy chế công tác thi đua, khen thưởng tỉnh Bắc Ninh",
        "QĐ 86/2025/QĐ-UBND Bắc Ninh",
        "province",
        "Tỉnh Bắc Ninh",
        None,
        date(2025, 12, 15),
        None,
        False,
        _S_BN,
        "Ví dụ quy định của một tỉnh: chỉ bật khi cơ quan thuộc tỉnh Bắc Ninh.",
    ),
]

IND, UNIT, HH = "individual", "unit", "household"
_PENDING = ["under_review", "investigation", "complaint"]

# set, code, kind, award codes, subject kinds, params, article, text, any_of, confirmed, note
RULES: list[tuple[Any, ...]] = [
    # --- Luật TĐKT 2022 ---------------------------------------------------------------------
    (
        "LUAT_2022",
        "ALL.one_ground",
        "single_ground",
        [],
        [],
        {"achievement": True, "initiative": True, "same_year": True},
        "Điều 5",
        "Một thành tích chỉ được khen thưởng một lần; một sáng kiến chỉ làm căn cứ cho một danh hiệu "
        "hoặc một hình thức khen thưởng (Công văn 5007/BNV-TĐKT)",
        None,
        True,
        None,
    ),
    (
        "LUAT_2022",
        "LDTT.rating",
        "rating",
        ["LDTT", "CSTT"],
        [IND],
        {"min_rating": "httnv"},
        "Điều 24",
        "Hoàn thành tốt nhiệm vụ trở lên",
        None,
        True,
        None,
    ),
    (
        "LUAT_2022",
        "LDTT.conduct",
        "manual",
        ["LDTT", "CSTT"],
        [IND],
        {
            "text": "Có tinh thần đoàn kết, tích cực tham gia phong trào thi đua; chấp hành tốt chủ trương, chính sách "
            "của Đảng, pháp luật của Nhà nước",
            "decisive": False,
        },
        "Điều 24",
        "Đoàn kết, tích cực tham gia phong trào thi đua",
        None,
        True,
        None,
    ),
    (
        "LUAT_2022",
        "CSTDCS.ldtt",
        "rating",
        ["CSTDCS"],
        [IND],
        {"min_rating": "httnv"},
        "Điều 23",
        "Đạt tiêu chuẩn danh hiệu Lao động tiên tiến",
        None,
        True,
        None,
    ),
    (
        "LUAT_2022",
        "CSTDCS.excellent",
        "rating",
        ["CSTDCS"],
        [IND],
        {"min_rating": "htxsnv"},
        "Điều 23",
        "Hoàn thành xuất sắc nhiệm vụ",
        "CSTDCS.one_of",
        True,
        "Sáng kiến không còn là điều kiện bắt buộc.",
    ),
    (
        "LUAT_2022",
        "CSTDCS.initiative",
        "initiative",
        ["CSTDCS"],
        [IND],
        {"min_scope": "grassroots", "count": 1, "years": 1},
        "Điều 23",
        "Có sáng kiến được công nhận hoặc đề tài nghiên cứu được nghiệm thu, áp dụng tại cơ sở",
        "CSTDCS.one_of",
        True,
        None,
    ),
    (
        "LUAT_2022",
        "CSTD_TINH.streak",
        "history_streak",
        ["CSTD_TINH"],
        [IND],
        {"awards": ["CSTDCS"], "years": 3},
        "Điều 22",
        "Có 03 lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở",
        None,
        True,
        None,
    ),
    (
        "LUAT_2022",
        "CSTD_TINH.initiative",
        "initiative",
        ["CSTD_TINH"],
        [IND],
        {"min_scope": "province", "count": 1, "years": 3},
        "Điều 22",
        "Có sáng kiến được người đứng đầu bộ, ban, ngành, tỉnh công nhận có hiệu quả và phạm vi ảnh hưởng "
        "trong bộ, ban, ngành, tỉnh",
        None,
        True,
        None,
    ),
    (
        "LUAT_2022",
        "CSTD_TQ.prerequisite",
        "prerequisite",
        ["CSTD_TQ"],
        [IND],
        {"awards": ["CSTD_TINH"], "count": 2, "max_gap_years": 3},
        "Điều 21",
        "Có 02 lần liên tục đạt danh hiệu Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh",
        None,
        True,
        "“Liên tục” được hiểu là hai lần cách nhau không quá 03 năm (max_gap_years) — cách hiểu của phần mềm.",
    ),
    (
        "LUAT_2022",
        "CSTD_TQ.initiative",
        "initiative",
        ["CSTD_TQ"],
        [IND],
        {"min_scope": "state", "count": 1, "years": 6},
        "Điều 21",
        "Có sáng kiến có hiệu quả và phạm vi ảnh hưởng toàn quốc",
        None,
        True,
        None,
    ),
    (
        "LUAT_2022",
        "TTLDTT.rating",
        "rating",
        ["TTLDTT", "DVTT"],
        [UNIT],
        {"min_rating": "httnv"},
        "Điều 28",
        "Hoàn thành tốt nhiệm vụ",
        None,
        True,
        "Theo QĐ 86/2025/QĐ-UBND Bắc Ninh dẫn lại Luật Điều 28.",
    ),
    (
        "LUAT_2022",
        "TTLDTT.ldtt_share",
        "composition",
        ["TTLDTT", "DVTT"],
        [UNIT],
        {"awards": ["LDTT", "CSTT"], "min_percent": 70},
        "Điều 28",
        "Có ít nhất 70% cá nhân trong tập thể đạt danh hiệu Lao động tiên tiến",
        None,
        True,
        "Theo QĐ 86/2025/QĐ-UBND Bắc Ninh dẫn lại Luật Điều 28 (luật cũ: trên 50%).",
    ),
    (
        "LUAT_2022",
        "TTLDTT.no_discipline",
        "discipline_block",
        ["TTLDTT", "DVTT"],
        [UNIT],
        {"scope": "members", "pending_kinds": [], "min_form": "warning"},
        "Điều 28",
        "Không có cá nhân bị kỷ luật từ hình thức cảnh cáo trở lên",
        None,
        True,
        None,
    ),
    (
        "LUAT_2022",
        "TTLDTT.conduct",
        "manual",
        ["TTLDTT", "DVTT", "TTLDXS", "DVQT"],
        [UNIT],
        {
            "text": "Có phong trào thi đua thường xuyên, thiết thực, hiệu quả; nội bộ đoàn kết, chấp hành tốt chủ "
            "trương, chính sách của Đảng, pháp luật của Nhà nước",
            "decisive": False,
        },
        "Điều 27, 28",
        "Phong trào thi đua hiệu quả, nội bộ đoàn kết",
        None,
        True,
        None,
    ),
    (
        "LUAT_2022",
        "TTLDXS.rating",
        "rating",
        ["TTLDXS", "DVQT"],
        [UNIT],
        {"min_rating": "htxsnv"},
        "Điều 27",
        "Hoàn thành xuất sắc nhiệm vụ",
        None,
        True,
        None,
    ),
    (
        "LUAT_2022",
        "TTLDXS.all_complete",
        "composition",
        ["TTLDXS", "DVQT"],
        [UNIT],
        {"min_rating": "htnv", "min_percent": 100},
        "Điều 27",
        "100% cá nhân trong tập thể hoàn thành nhiệm vụ được giao",
        None,
        True,
        None,
    ),
    (
        "LUAT_2022",
        "TTLDXS.ldtt_share",
        "composition",
        ["TTLDXS", "DVQT"],
        [UNIT],
        {"awards": ["LDTT", "CSTT"], "min_percent": 70},
        "Điều 27",
        "Có ít nhất 70% cá nhân trong tập thể đạt danh hiệu Lao động tiên tiến",
        None,
        True,
        None,
    ),
    (
        "LUAT_2022",
        "TTLDXS.cstdcs",
        "composition",
        ["TTLDXS", "DVQT"],
        [UNIT],
        {"awards": ["CSTDCS"], "min_count": 1},
        "Điều 27",
        "Có cá nhân đạt danh hiệu Chiến sĩ thi đua cơ sở",
        None,
        True,
        None,
    ),
    (
        "LUAT_2022",
        "CO_TINH.lead",
        "manual",
        ["CO_TINH"],
        [UNIT],
        {
            "text": "Là tập thể tiêu biểu xuất sắc, dẫn đầu cụm, khối thi đua của bộ, ban, ngành, tỉnh; hoặc dẫn đầu "
            "phong trào thi đua theo chuyên đề từ 03 năm trở lên",
            "decisive": True,
        },
        "Điều 26",
        "Dẫn đầu cụm, khối thi đua",
        None,
        False,
        "Theo QĐ 86/2025/QĐ-UBND Bắc Ninh và TT 15/2025/TT-BXD; chưa đối chiếu nguyên văn Luật Điều 26.",
    ),
    (
        "LUAT_2022",
        "BK.ind.cstdcs",
        "history_streak",
        ["BK_TINH", "BK_BO"],
        [IND],
        {"awards": ["CSTDCS"], "years": 2},
        "Điều 74",
        "Có 02 lần liên tục đạt danh hiệu Chiến sĩ thi đua cơ sở",
        "BK.ind",
        False,
        "Theo QĐ 86/2025/QĐ-UBND Bắc Ninh dẫn lại Luật Điều 74; chưa đối chiếu nguyên văn.",
    ),
    (
        "LUAT_2022",
        "BK.ind.excellent",
        "rating",
        ["BK_TINH", "BK_BO"],
        [IND],
        {"min_rating": "htxsnv", "years": 2, "with_initiatives": 2},
        "Điều 74",
        "Có 02 năm liên tục hoàn thành xuất sắc nhiệm vụ, trong thời gian đó có 02 sáng kiến (hoặc đề "
        "tài) được công nhận và áp dụng hiệu quả cấp cơ sở",
        "BK.ind",
        False,
        "Theo QĐ 86/2025/QĐ-UBND Bắc Ninh dẫn lại Luật Điều 74; chưa đối chiếu nguyên văn.",
    ),
    (
        "LUAT_2022",
        "BK.ind.other",
        "manual",
        ["BK_TINH", "BK_BO"],
        [IND],
        {
            "text": "Có thành tích tiêu biểu xuất sắc trong phong trào thi đua; có nhiều thành tích hoặc thành tích "
            "đột xuất; có đóng góp cho phát triển kinh tế - xã hội, từ thiện nhân đạo",
            "decisive": True,
        },
        "Điều 74",
        "Thành tích tiêu biểu, đột xuất hoặc đóng góp khác",
        "BK.ind",
        False,
        None,
    ),
    (
        "LUAT_2022",
        "BK.unit.excellent",
        "rating",
        ["BK_TINH", "BK_BO"],
        [UNIT],
        {"min_rating": "htxsnv", "years": 2},
        "Điều 74",
        "Có 02 năm liên tục hoàn thành xuất sắc nhiệm vụ",
        "BK.unit",
        False,
        None,
    ),
    (
        "LUAT_2022",
        "BK.unit.ttldxs",
        "history_streak",
        ["BK_TINH", "BK_BO"],
        [UNIT],
        {"awards": ["TTLDXS", "DVQT"], "years": 2},
        "Điều 74",
        "Có 02 năm liên tục đạt danh hiệu Tập thể lao động xuất sắc",
        "BK.unit",
        False,
        None,
    ),
    (
        "LUAT_2022",
        "BK.unit.other",
        "manual",
        ["BK_TINH", "BK_BO"],
        [UNIT],
        {
            "text": "Có thành tích tiêu biểu xuất sắc trong phong trào thi đua; nội bộ đoàn kết, gương mẫu chấp hành "
            "pháp luật",
            "decisive": True,
        },
        "Điều 74",
        "Thành tích tiêu biểu xuất sắc",
        "BK.unit",
        False,
        None,
    ),
    (
        "LUAT_2022",
        "BK.household",
        "manual",
        ["BK_TINH", "BK_BO"],
        [HH],
        {"text": "Có đóng góp lớn về công sức, đất đai, tài sản cho địa phương, xã hội", "decisive": True},
        "Điều 74",
        "Đóng góp công sức, đất đai, tài sản",
        None,
        False,
        None,
    ),
    # --- NĐ 152/2025 --------------------------------------------------------------------------
    (
        "ND_152_2025",
        "ALL.history_basis",
        "history_basis",
        [],
        [],
        {"count_types": ["merit"]},
        "Điều 4 khoản 3",
        "Khen thưởng đột xuất, khen thưởng theo chuyên đề không làm căn cứ để đề nghị khen thưởng cao hơn",
        None,
        True,
        None,
    ),
    (
        "ND_152_2025",
        "ALL.discipline",
        "discipline_block",
        [],
        [IND],
        {"scope": "subject", "pending_kinds": _PENDING, "min_form": "reprimand"},
        "Điều 4 khoản 4",
        "Không khen thưởng, đề nghị khen thưởng khi đang bị xem xét kỷ luật, điều tra, thanh tra, "
        "có đơn khiếu nại, tố cáo đang xác minh; thành tích chỉ được tính từ khi chấm dứt thời hạn kỷ luật",
        None,
        True,
        None,
    ),
    (
        "ND_152_2025",
        "VOTE.90",
        "vote_threshold",
        ["CSTD_TQ", "CSTD_TINH", "AHLD"],
        [],
        {"min_percent": 90},
        "",
        "Tỷ lệ phiếu đồng ý từ 90% trở lên tính trên tổng số thành viên Hội đồng; thành viên vắng mặt cho "
        "ý kiến bằng văn bản",
        None,
        False,
        "Giữ tỷ lệ của NĐ 98/2023 Điều 30 khoản 7; chưa đối chiếu NĐ 152/2025.",
    ),
    (
        "ND_152_2025",
        "VOTE.80",
        "vote_threshold",
        ["CSTDCS", "CO_TINH", "CO_CP"],
        [],
        {"min_percent": 80},
        "",
        "Tỷ lệ phiếu đồng ý từ 80% trở lên tính trên tổng số thành viên Hội đồng; thành viên vắng mặt cho "
        "ý kiến bằng văn bản",
        None,
        False,
        "Giữ tỷ lệ của NĐ 98/2023 Điều 30 khoản 7; chưa đối chiếu NĐ 152/2025.",
    ),
    (
        "ND_152_2025",
        "CASH",
        "cash_reward",
        [],
        [],
        {"round_up_to": 10000, "household_factor": 1.5},
        "Điều 49–54",
        "Tiền thưởng = hệ số × mức lương cơ sở tại thời điểm ban hành quyết định, làm tròn lên hàng "
        "chục nghìn đồng; hộ gia đình được 1,5 lần mức tiền thưởng của cá nhân",
        None,
        True,
        None,
    ),
    # --- NĐ 98/2023 (expired) -----------------------------------------------------------------
    (
        "ND_98_2023",
        "VOTE.90",
        "vote_threshold",
        ["CSTD_TQ", "CSTD_TINH", "AHLD"],
        [],
        {"min_percent": 90},
        "Điều 30 khoản 7",
        "Tỷ lệ phiếu đồng ý từ 90% trở lên tính trên tổng số thành viên Hội đồng",
        None,
        True,
        None,
    ),
    (
        "ND_98_2023",
        "VOTE.80",
        "vote_threshold",
        ["CSTDCS", "CO_TINH", "CO_CP"],
        [],
        {"min_percent": 80},
        "Điều 30 khoản 7",
        "Tỷ lệ phiếu đồng ý từ 80% trở lên tính trên tổng số thành viên Hội đồng",
        None,
        True,
        None,
    ),
    (
        "ND_98_2023",
        "ALL.history_basis",
        "history_basis",
        [],
        [],
        {"count_types": ["merit"]},
        "",
        "Khen thưởng đột xuất, theo chuyên đề không làm căn cứ đề nghị khen thưởng cao hơn",
        None,
        False,
        "Nguyên tắc có trong NĐ 152/2025 Điều 4.3; điều khoản tương ứng của NĐ 98/2023 chưa xác minh.",
    ),
    (
        "ND_98_2023",
        "ALL.discipline",
        "discipline_block",
        [],
        [IND],
        {"scope": "subject", "pending_kinds": _PENDING, "min_form": "reprimand"},
        "",
        "Không khen thưởng khi đang bị xem xét kỷ luật, điều tra, thanh tra, khiếu nại, tố cáo",
        None,
        False,
        "Nguyên tắc có trong NĐ 152/2025 Điều 4.4; điều khoản tương ứng của NĐ 98/2023 chưa xác minh.",
    ),
    # --- NĐ 91/2017 (expired) -----------------------------------------------------------------
    (
        "ND_91_2017",
        "CSTDCS.quota",
        "quota",
        ["CSTDCS"],
        [IND],
        {"percent": 15, "base": ["LDTT", "CSTT"]},
        "",
        "Số cá nhân được công nhận Chiến sĩ thi đua cơ sở không quá 15% số cá nhân đạt danh hiệu Lao động "
        "tiên tiến, Chiến sĩ tiên tiến",
        None,
        True,
        "Luật 2022 và NĐ 98/2023 không còn giới hạn tỷ lệ này.",
    ),
    # --- Luật TĐKT 2003 (expired) -------------------------------------------------------------
    (
        "LUAT_2003",
        "TTLDTT.ldtt_share",
        "composition",
        ["TTLDTT", "DVTT"],
        [UNIT],
        {"awards": ["LDTT", "CSTT"], "min_percent": 50, "strict": True},
        "Điều 28",
        "Có trên 50% cá nhân trong tập thể đạt danh hiệu Lao động tiên tiến",
        None,
        True,
        None,
    ),
    # --- NĐ 86/2023 ---------------------------------------------------------------------------
    (
        "ND_86_2023",
        "GDVH.criteria",
        "manual",
        ["GDVH"],
        [HH],
        {
            "text": "Gương mẫu chấp hành chủ trương của Đảng, chính sách, pháp luật của Nhà nước; tích cực tham gia "
            "phong trào thi đua của địa phương; gia đình hạnh phúc, tiến bộ, no ấm",
            "decisive": False,
        },
        "",
        "Khung tiêu chuẩn Gia đình văn hóa",
        None,
        True,
        None,
    ),
    (
        "ND_86_2023",
        "THON_VH.criteria",
        "manual",
        ["THON_VH"],
        [UNIT],
        {"text": "Đạt khung tiêu chuẩn Thôn, tổ dân phố văn hóa", "decisive": False},
        "",
        "Khung tiêu chuẩn Thôn, tổ dân phố văn hóa",
        None,
        False,
        "Chi tiết tiêu chuẩn chưa đối chiếu.",
    ),
    (
        "ND_86_2023",
        "XA_TIEU_BIEU.criteria",
        "manual",
        ["XA_TIEU_BIEU"],
        [UNIT],
        {"text": "Đạt khung tiêu chuẩn Xã, phường tiêu biểu", "decisive": True},
        "",
        "Khung tiêu chuẩn Xã, phường tiêu biểu",
        None,
        False,
        "Chi tiết tiêu chuẩn chưa đối chiếu.",
    ),
    # --- Bắc Ninh (inactive example) ------------------------------------------------------------
    (
        "BN_86_2025",
        "COUNCIL.quorum",
        "quorum",
        [],
        [],
        {"min_present_percent": 80},
        "",
        "Phiên họp xét khen thưởng phải có ít nhất 80% thành viên Hội đồng tham dự; thành viên vắng mặt cho "
        "ý kiến bằng văn bản",
        None,
        True,
        "Phiên họp khác hợp lệ khi có từ 2/3 thành viên.",
    ),
]


def _stamp() -> dict[str, object]:
    return {"uuid": str(uuid.uuid4()), "created_at": _NOW, "updated_at": _NOW}


def _record_cols() -> list[sa.ColumnClause[object]]:
    return [
        sa.column("uuid", sa.String),
        sa.column("created_at", sa.DateTime),
        sa.column("updated_at", sa.DateTime),
    ]


def upgrade() -> None:
    _create_tables()
    sets = sa.table(
        "rule_sets",
        *_record_cols(),
        *(
            sa.column(n, sa.String)
            for n in ("code", "name", "short_name", "jurisdiction", "jurisdiction_name", "source", "note")
        ),
        *(sa.column(n, sa.Date) for n in ("issued_on", "effective_from", "effective_to")),
        sa.column("active", sa.Boolean),
    )
    op.bulk_insert(
        sets,
        [
            {
                "code": code,
                "name": name,
                "short_name": short,
                "jurisdiction": juris,
                "jurisdiction_name": juris_name,
                "issued_on": issued,
                "effective_from": start,
                "effective_to": end,
                "active": active,
                "source": source,
                "note": note,
                **_stamp(),
            }
            for code, name, short, juris, juris_name, issued, start, end, active, source, note in RULE_SETS
        ],
    )
    # Ids come from the database (PostgreSQL sequences stay in step).
    ids = dict(op.get_bind().execute(sa.text("SELECT code, id FROM rule_sets")).all())
    rules = sa.table(
        "rules",
        *_record_cols(),
        sa.column("rule_set_id", sa.Integer),
        sa.column("position", sa.Integer),
        sa.column("version", sa.Integer),
        *(sa.column(n, sa.String) for n in ("code", "kind", "article", "any_of")),
        *(sa.column(n, sa.Text) for n in ("text", "note")),
        *(sa.column(n, sa.JSON) for n in ("award_codes", "subject_kinds", "params")),
        *(sa.column(n, sa.Boolean) for n in ("confirmed", "active")),
    )
    op.bulk_insert(
        rules,
        [
            {
                "rule_set_id": ids[set_code],
                "position": i * 10,
                "version": 1,
                "code": code,
                "kind": kind,
                "award_codes": awards,
                "subject_kinds": subjects,
                "params": params,
                "article": article,
                "text": text,
                "any_of": any_of,
                "confirmed": confirmed,
                "active": True,
                "note": note,
                **_stamp(),
            }
            for i, (
                set_code,
                code,
                kind,
                awards,
                subjects,
                params,
                article,
                text,
                any_of,
                confirmed,
                note,
            ) in enumerate(RULES)
        ],
    )


def _create_tables() -> None:
    op.create_table(
        "rule_sets",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("short_name", sa.String(), nullable=False),
        sa.Column(
            "jurisdiction",
            sa.Enum("national", "sector", "province", name="jurisdiction", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("jurisdiction_name", sa.String(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "effective_to IS NULL OR effective_from IS NULL OR effective_from <= effective_to",
            name=op.f("ck_rule_sets_valid_period"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rule_sets")),
        sa.UniqueConstraint("code", name=op.f("uq_rule_sets_code")),
        sa.UniqueConstraint("uuid", name=op.f("uq_rule_sets_uuid")),
    )
    op.create_table(
        "rules",
        sa.Column("rule_set_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=60), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "history_streak",
                "prerequisite",
                "rating",
                "initiative",
                "composition",
                "discipline_block",
                "vote_threshold",
                "quorum",
                "quota",
                "single_ground",
                "history_basis",
                "cash_reward",
                "manual",
                name="rulekind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("award_codes", sa.JSON(), nullable=False),
        sa.Column("subject_kinds", sa.JSON(), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("article", sa.String(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("any_of", sa.String(length=60), nullable=True),
        sa.Column("confirmed", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("effective_from", sa.Date(), nullable=True),
        sa.Column("effective_to", sa.Date(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "effective_to IS NULL OR effective_from IS NULL OR effective_from <= effective_to",
            name=op.f("ck_rules_valid_period"),
        ),
        sa.ForeignKeyConstraint(
            ["rule_set_id"], ["rule_sets.id"], name=op.f("fk_rules_rule_set_id_rule_sets"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rules")),
        sa.UniqueConstraint("rule_set_id", "code", name="uq_rules_set_code"),
        sa.UniqueConstraint("uuid", name=op.f("uq_rules_uuid")),
    )
    with op.batch_alter_table("rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rules_rule_set_id"), ["rule_set_id"], unique=False)

    op.create_table(
        "councils",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("term_start", sa.Date(), nullable=True),
        sa.Column("term_end", sa.Date(), nullable=True),
        sa.Column("established_by", sa.String(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "term_end IS NULL OR term_start IS NULL OR term_start <= term_end", name=op.f("ck_councils_term")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_councils_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_councils")),
        sa.UniqueConstraint("uuid", name=op.f("uq_councils_uuid")),
    )
    op.create_table(
        "council_members",
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("full_name", sa.String(), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "chair", "vice_chair", "member", "secretary", name="councilrole", native_enum=False, length=32
            ),
            nullable=False,
        ),
        sa.Column("office", sa.String(), nullable=False),
        sa.Column("individual_id", sa.Integer(), nullable=True),
        sa.Column("unit_id", sa.Integer(), nullable=True),
        sa.Column("voting", sa.Boolean(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=True),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "end_date IS NULL OR start_date IS NULL OR start_date <= end_date",
            name=op.f("ck_council_members_period"),
        ),
        sa.ForeignKeyConstraint(
            ["council_id"],
            ["councils.id"],
            name=op.f("fk_council_members_council_id_councils"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["individual_id"], ["individuals.id"], name=op.f("fk_council_members_individual_id_individuals")
        ),
        sa.ForeignKeyConstraint(["unit_id"], ["units.id"], name=op.f("fk_council_members_unit_id_units")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_members")),
        sa.UniqueConstraint("uuid", name=op.f("uq_council_members_uuid")),
    )
    with op.batch_alter_table("council_members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_members_council_id"), ["council_id"], unique=False)

    op.create_table(
        "council_sessions",
        sa.Column("council_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum("open", "closed", "signed", name="sessionstatus", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("member_count", sa.Integer(), nullable=True),
        sa.Column("quorum_rule_id", sa.Integer(), nullable=True),
        sa.Column("quorum_rule_version", sa.Integer(), nullable=True),
        sa.Column("quorum_met", sa.Boolean(), nullable=True),
        sa.Column("quorum_text", sa.String(), nullable=False),
        sa.Column("chair_name", sa.String(), nullable=False),
        sa.Column("secretary_name", sa.String(), nullable=False),
        sa.Column("minutes_number", sa.String(length=60), nullable=False),
        sa.Column("signed_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_council_sessions_campaign_id_campaigns")
        ),
        sa.ForeignKeyConstraint(
            ["council_id"], ["councils.id"], name=op.f("fk_council_sessions_council_id_councils")
        ),
        sa.ForeignKeyConstraint(
            ["quorum_rule_id"],
            ["rules.id"],
            name=op.f("fk_council_sessions_quorum_rule_id_rules"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_sessions")),
        sa.UniqueConstraint("uuid", name=op.f("uq_council_sessions_uuid")),
    )
    with op.batch_alter_table("council_sessions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_sessions_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_council_sessions_council_id"), ["council_id"], unique=False)

    op.create_table(
        "council_attendance",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("present", sa.Boolean(), nullable=False),
        sa.Column("written_opinion", sa.Text(), nullable=True),
        sa.Column("opinion_received_on", sa.Date(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["council_members.id"],
            name=op.f("fk_council_attendance_member_id_council_members"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["council_sessions.id"],
            name=op.f("fk_council_attendance_session_id_council_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_attendance")),
        sa.UniqueConstraint("session_id", "member_id", name="uq_council_attendance_member"),
        sa.UniqueConstraint("uuid", name=op.f("uq_council_attendance_uuid")),
    )
    with op.batch_alter_table("council_attendance", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_council_attendance_session_id"), ["session_id"], unique=False)

    op.create_table(
        "council_agenda_items",
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column(
            "subject_kind",
            sa.Enum("unit", "individual", "household", name="subjectkind", native_enum=False, length=32),
            nullable=False,
        ),
        sa.Column("award_form_id", sa.Integer(), nullable=False),
        sa.Column("eligibility", sa.String(length=20), nullable=True),
        sa.Column("votes_for", sa.Integer(), nullable=True),
        sa.Column("votes_against", sa.Integer(), nullable=True),
        sa.Column("votes_invalid", sa.Integer(), nullable=True),
        sa.Column("council_size", sa.Integer(), nullable=True),
        sa.Column("threshold_percent", sa.Numeric(precision=6, scale=2), nullable=True),
        sa.Column("threshold_rule_id", sa.Integer(), nullable=True),
        sa.Column("threshold_rule_version", sa.Integer(), nullable=True),
        sa.Column("threshold_citation", sa.String(), nullable=False),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "pending",
                "approved",
                "approved_other_level",
                "deferred",
                "returned",
                "rejected",
                name="agendaoutcome",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("outcome_award_form_id", sa.Integer(), nullable=True),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.Column("recused", sa.JSON(), nullable=False),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["award_form_id"],
            ["award_forms.id"],
            name=op.f("fk_council_agenda_items_award_form_id_award_forms"),
        ),
        sa.ForeignKeyConstraint(
            ["nomination_id"],
            ["nominations.id"],
            name=op.f("fk_council_agenda_items_nomination_id_nominations"),
        ),
        sa.ForeignKeyConstraint(
            ["outcome_award_form_id"],
            ["award_forms.id"],
            name=op.f("fk_council_agenda_items_outcome_award_form_id_award_forms"),
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["council_sessions.id"],
            name=op.f("fk_council_agenda_items_session_id_council_sessions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["threshold_rule_id"],
            ["rules.id"],
            name=op.f("fk_council_agenda_items_threshold_rule_id_rules"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_council_agenda_items")),
        sa.UniqueConstraint("session_id", "nomination_id", name="uq_council_agenda_items_nomination"),
        sa.UniqueConstraint("uuid", name=op.f("uq_council_agenda_items_uuid")),
    )
    with op.batch_alter_table("council_agenda_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_council_agenda_items_nomination_id"), ["nomination_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_council_agenda_items_session_id"), ["session_id"], unique=False)

    op.create_table(
        "decision_corrections",
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("award_record_id", sa.Integer(), nullable=True),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("old_value", sa.String(), nullable=False),
        sa.Column("new_value", sa.String(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uuid", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["award_record_id"],
            ["award_records.id"],
            name=op.f("fk_decision_corrections_award_record_id_award_records"),
        ),
        sa.ForeignKeyConstraint(
            ["decision_id"],
            ["decisions.id"],
            name=op.f("fk_decision_corrections_decision_id_decisions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision_corrections")),
        sa.UniqueConstraint("uuid", name=op.f("uq_decision_corrections_uuid")),
    )
    with op.batch_alter_table("decision_corrections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_decision_corrections_award_record_id"), ["award_record_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_decision_corrections_decision_id"), ["decision_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("decision_corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_corrections_decision_id"))
        batch_op.drop_index(batch_op.f("ix_decision_corrections_award_record_id"))

    op.drop_table("decision_corrections")
    with op.batch_alter_table("council_agenda_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_agenda_items_session_id"))
        batch_op.drop_index(batch_op.f("ix_council_agenda_items_nomination_id"))

    op.drop_table("council_agenda_items")
    with op.batch_alter_table("council_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_attendance_session_id"))

    op.drop_table("council_attendance")
    with op.batch_alter_table("council_sessions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_sessions_council_id"))
        batch_op.drop_index(batch_op.f("ix_council_sessions_campaign_id"))

    op.drop_table("council_sessions")
    with op.batch_alter_table("council_members", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_council_members_council_id"))

    op.drop_table("council_members")
    op.drop_table("councils")
    with op.batch_alter_table("rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rules_rule_set_id"))

    op.drop_table("rules")
    op.drop_table("rule_sets")
