"""The province's units and their history: Thái Bình's departments, districts and communes, and
the 2025 merger into Hưng Yên that ended the district level and merged the communes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from emudesk.db.models import Unit, UnitKind, UnitLink
from emudesk.domain.enums import LinkKind
from emudesk.domain.text import name_fold, sort_key
from emudesk.services.demo.base import MERGER, OLD_END, BuilderBase, DemoSize, Progress, stamp
from emudesk.services.demo.names import PLACE_STEMS, VILLAGE_NAMES


@dataclass
class Units:
    """Unit ids by the role the later parts give them, and every unit's name."""

    kinds: dict[str, int]
    old_province: int = 0
    new_province: int = 0
    departments: dict[str, int] = field(default_factory=dict)  # current departments by short name
    divisions: dict[int, list[int]] = field(default_factory=dict)  # department -> divisions
    old_agri: int = 0
    old_agri_divisions: list[int] = field(default_factory=list)
    districts: list[int] = field(default_factory=list)
    old_communes: dict[int, list[int]] = field(default_factory=dict)  # district -> communes
    new_communes: list[int] = field(default_factory=list)
    villages: dict[int, list[int]] = field(default_factory=dict)  # new commune -> villages
    others: list[int] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)
    next_id: int = 1


DEPARTMENTS = (
    (
        "Sở Nội vụ",
        "SNV",
        (
            "Văn phòng Sở",
            "Phòng Thi đua - Khen thưởng",
            "Phòng Tổ chức, biên chế",
            "Phòng Xây dựng chính quyền",
            "Phòng Công chức, viên chức",
            "Phòng Lao động - Việc làm",
        ),
    ),
    (
        "Sở Nông nghiệp và Môi trường",
        "SNNMT",
        (
            "Văn phòng Sở",
            "Chi cục Trồng trọt và Bảo vệ thực vật",
            "Chi cục Chăn nuôi và Thú y",
            "Chi cục Thủy lợi",
            "Chi cục Phát triển nông thôn",
            "Phòng Quản lý đất đai",
            "Văn phòng Điều phối nông thôn mới",
        ),
    ),
    (
        "Sở Tài chính",
        "STC",
        (
            "Văn phòng Sở",
            "Phòng Ngân sách",
            "Phòng Đầu tư",
            "Phòng Quản lý giá và công sản",
            "Phòng Doanh nghiệp",
        ),
    ),
    (
        "Sở Giáo dục và Đào tạo",
        "SGDĐT",
        (
            "Văn phòng Sở",
            "Phòng Giáo dục phổ thông",
            "Phòng Giáo dục mầm non",
            "Phòng Khảo thí và Quản lý chất lượng",
            "Trường THPT Chuyên",
        ),
    ),
    (
        "Sở Y tế",
        "SYT",
        (
            "Văn phòng Sở",
            "Phòng Nghiệp vụ Y",
            "Phòng Nghiệp vụ Dược",
            "Trung tâm Kiểm soát bệnh tật",
            "Bệnh viện Đa khoa tỉnh",
        ),
    ),
    (
        "Sở Xây dựng",
        "SXD",
        ("Văn phòng Sở", "Phòng Quản lý hạ tầng giao thông", "Phòng Quy hoạch - Kiến trúc", "Thanh tra Sở"),
    ),
    (
        "Sở Văn hóa, Thể thao và Du lịch",
        "SVHTTDL",
        ("Văn phòng Sở", "Phòng Quản lý văn hóa", "Phòng Quản lý thể dục thể thao", "Bảo tàng tỉnh"),
    ),
    ("Sở Khoa học và Công nghệ", "SKHCN", ("Văn phòng Sở", "Phòng Quản lý khoa học", "Phòng Chuyển đổi số")),
    ("Sở Công Thương", "SCT", ("Văn phòng Sở", "Phòng Quản lý thương mại", "Phòng Quản lý công nghiệp")),
    ("Sở Tư pháp", "STP", ("Văn phòng Sở", "Phòng Hành chính tư pháp", "Phòng Phổ biến, giáo dục pháp luật")),
)
OLD_AGRI_DIVISIONS = (
    "Văn phòng Sở",
    "Phòng Kế hoạch - Tài chính",
    "Phòng Tổ chức cán bộ",
    "Chi cục Trồng trọt và Bảo vệ thực vật",
    "Chi cục Chăn nuôi và Thú y",
    "Chi cục Thủy lợi",
    "Chi cục Phát triển nông thôn",
    "Văn phòng Điều phối nông thôn mới",
)
DISTRICTS = (
    "thành phố Thái Bình",
    "huyện Đông Hưng",
    "huyện Hưng Hà",
    "huyện Kiến Xương",
    "huyện Quỳnh Phụ",
    "huyện Thái Thụy",
    "huyện Tiền Hải",
    "huyện Vũ Thư",
)


class UnitBuilder(BuilderBase):
    """Plans the units with ids of its own and writes them, with the merger links, in two bulk inserts."""

    def __init__(self, session: Session, size: DemoSize, seed: int, progress: Progress | None) -> None:
        super().__init__(session, size, seed, progress)
        self.units = Units(kinds=dict(session.execute(select(UnitKind.code, UnitKind.id)).all()))
        self.unit_rows: list[dict[str, Any]] = []
        self.parents: dict[int, int | None] = {}
        self.commune_links: list[tuple[list[int], int]] = []  # old communes -> the new one
        self.other_mergers: list[tuple[int, int]] = []  # further (predecessor, successor) pairs

    def add_unit(
        self,
        name: str,
        kind: str,
        parent: int | None,
        *,
        short: str = "",
        code: str | None = None,
        valid_from: date | None = None,
        valid_to: date | None = None,
        members: int | None = None,
    ) -> int:
        uid = self.units.next_id
        self.units.next_id += 1
        self.unit_rows.append(
            {
                "id": uid,
                "kind_id": self.units.kinds[kind],
                "parent_id": parent,
                "name": name,
                "short_name": short,
                "code": code,
                "valid_from": valid_from,
                "valid_to": valid_to,
                "member_count": members,
                "name_fold": name_fold(f"{name} {short} {code or ''}"),
                "sort_key": sort_key(short or name),
                **stamp(),
            }
        )
        self.units.names[uid] = name
        self.parents[uid] = parent
        return uid

    def build_units(self) -> None:
        self.plan_units()
        self._save_units()

    def plan_units(self) -> None:
        """Decide every unit and its id; nothing is written yet. ``ProvinceBuilder`` plans a bigger one."""
        u = self.units
        u.old_province = self.add_unit(
            "Ủy ban nhân dân tỉnh Thái Bình",
            "ubnd_tinh",
            None,
            short="UBND tỉnh Thái Bình",
            code="34",
            valid_to=OLD_END,
        )
        u.new_province = self.add_unit(
            "Ủy ban nhân dân tỉnh Hưng Yên",
            "ubnd_tinh",
            None,
            short="UBND tỉnh Hưng Yên",
            code="33",
            valid_from=MERGER,
        )
        for name, symbol, divisions in DEPARTMENTS:
            full = f"{name} tỉnh Hưng Yên"
            dept = self.add_unit(full, "so_nganh", u.new_province, short=name, code=symbol)
            u.departments[name] = dept
            picked = divisions[: max(3, self.size.divisions_per_department + 1)]
            u.divisions[dept] = [
                self.add_unit(f"{d} – {name}", "don_vi_truc_thuoc", dept, short=d) for d in picked
            ]
        u.old_agri = self.add_unit(
            "Sở Nông nghiệp và Phát triển nông thôn tỉnh Thái Bình",
            "so_nganh",
            u.old_province,
            short="Sở NN&PTNT Thái Bình",
            code="SNN-TB",
            valid_to=OLD_END,
        )
        u.old_agri_divisions = [
            self.add_unit(
                f"{d} – Sở NN&PTNT Thái Bình", "don_vi_truc_thuoc", u.old_agri, short=d, valid_to=OLD_END
            )
            for d in OLD_AGRI_DIVISIONS
        ]
        stems = list(PLACE_STEMS)
        self.rng.shuffle(stems)
        commune_names: set[str] = set()

        def commune_name() -> str:
            while True:
                a, b = self.rng.sample(PLACE_STEMS, 2)
                name = f"{a} {b}"
                if name not in commune_names:
                    commune_names.add(name)
                    return name

        for dname in DISTRICTS[: self.size.districts]:
            district = self.add_unit(
                f"Ủy ban nhân dân {dname}",
                "ubnd_huyen",
                u.old_province,
                short=f"UBND {dname}",
                valid_to=OLD_END,
            )
            u.districts.append(district)
            u.old_communes[district] = [
                self.add_unit(f"Ủy ban nhân dân xã {commune_name()}", "ubnd_xa", district, valid_to=OLD_END)
                for _ in range(self.size.communes_per_district)
            ]
        # Every three old communes of a district became one new commune directly under the province.
        for district in u.districts:
            olds = u.old_communes[district]
            for i in range(0, len(olds), 3):
                group = olds[i : i + 3]
                name = commune_name()
                kind_word = "phường" if district == u.districts[0] else "xã"
                new = self.add_unit(
                    f"Ủy ban nhân dân {kind_word} {name}",
                    "ubnd_xa",
                    u.new_province,
                    short=f"UBND {kind_word} {name}",
                    valid_from=MERGER,
                )
                u.new_communes.append(new)
                self.commune_links.append((group, new))
                u.villages[new] = [
                    self.add_unit(f"{v} – {kind_word} {name}", "thon_tdp", new, short=v)
                    for v in self.rng.sample(VILLAGE_NAMES, self.size.villages_per_commune * len(group))
                ]
        u.others.append(self.add_unit("Hợp tác xã Nông nghiệp Tân Phong", "hop_tac_xa", u.new_province))
        u.others.append(self.add_unit("Hợp tác xã Dịch vụ nông nghiệp An Bình", "hop_tac_xa", u.new_province))
        u.others.append(self.add_unit("Công ty cổ phần Nông sản Hưng Thịnh", "doanh_nghiep", u.new_province))
        u.others.append(self.add_unit("Cụm thi đua các sở kinh tế", "cum_khoi", u.new_province))
        u.others.append(self.add_unit("Khối thi đua các sở văn hóa - xã hội", "cum_khoi", u.new_province))

    def _save_units(self) -> None:
        """Insert the planned units and the 2025 merger links between them."""
        u = self.units
        self.s.execute(insert(Unit), self.unit_rows)
        links = [
            {
                "predecessor_id": u.old_province,
                "successor_id": u.new_province,
                "kind": LinkKind.MERGE,
                "effective_on": MERGER,
                "legal_basis": "Nghị quyết số 202/2025/QH15",
                **stamp(),
            },
            {
                "predecessor_id": u.old_agri,
                "successor_id": u.departments["Sở Nông nghiệp và Môi trường"],
                "kind": LinkKind.MERGE,
                "effective_on": MERGER,
                "legal_basis": "Sắp xếp cơ quan chuyên môn 2025",
                **stamp(),
            },
        ]
        for old, new in self.other_mergers:
            links.append(
                {
                    "predecessor_id": old,
                    "successor_id": new,
                    "kind": LinkKind.MERGE,
                    "effective_on": MERGER,
                    "legal_basis": "Nghị quyết số 202/2025/QH15; sắp xếp cơ quan chuyên môn 2025",
                    **stamp(),
                }
            )
        for group, new in self.commune_links:
            for old in group:
                links.append(
                    {
                        "predecessor_id": old,
                        "successor_id": new,
                        "kind": LinkKind.MERGE,
                        "effective_on": MERGER,
                        "legal_basis": "Nghị quyết của UBTVQH về sắp xếp ĐVHC cấp xã",
                        **stamp(),
                    }
                )
        self.s.execute(insert(UnitLink), links)
        self.summary.counts["units"] = len(self.unit_rows)

    def parent_of(self, unit_id: int) -> int | None:
        return self.parents.get(unit_id)
