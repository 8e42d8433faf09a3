"""How far the full import parse sits above raw calamine on a 10,000-row staff list.

    python benchmarks/import_floor.py [ROWS]

Prints the best of several runs for:
  raw      calamine opening the file and converting the sheet to Python lists;
  raw+rows the same plus building one dict per row keyed by header (the least any import does);
  parse    emudesk.importer: safety checks, header detection, every cell parsed and checked.
Target: parse <= 2 x raw+rows.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import python_calamine as pc
from openpyxl import Workbook

from emudesk.importer.kinds import parse_file

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Minh", "Thị Thu", "Đức", "Quang", "Thanh", "Ngọc"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Đức", "Giang", "Hà", "Hùng", "Lan", "Mai", "Nam", "Yến"]
UNITS = ["Phòng Nội vụ", "Phòng Tài chính - Kế hoạch", "Văn phòng HĐND và UBND", "Phòng Tư pháp"]


def make_staff_file(path: Path, rows: int) -> Path:
    rng = random.Random(7)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Danh sách"
    ws.append(["UBND HUYỆN VŨ THƯ"])
    ws.append(["DANH SÁCH CÁN BỘ, CÔNG CHỨC, VIÊN CHỨC"])
    ws.append([])
    ws.append(
        ["STT", "Họ và tên", "Giới tính", "Ngày sinh", "Số CCCD", "Dân tộc", "Chức vụ", "Đơn vị công tác",
         "Quê quán", "Số điện thoại", "Ghi chú"]
    )  # fmt: skip
    for i in range(rows):
        female = rng.random() < 0.5
        born = dt.date(1960, 1, 1) + dt.timedelta(days=rng.randrange(16000))
        prefix = "Bà " if female and rng.random() < 0.1 else ""
        name = f"{prefix}{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        code = (1 if female else 0) if born.year < 2000 else (3 if female else 2)
        cccd = int(f"034{code}{born.year % 100:02d}{rng.randrange(10**6):06d}")  # a number cell: zero lost
        birth: object = born if rng.random() < 0.7 else born.strftime("%d/%m/%Y")
        ws.append(
            [i + 1, name, "Nữ" if female else "Nam", birth, cccd, "Kinh", "Chuyên viên", rng.choice(UNITS),
             "Thái Bình", 912000000 + i, ""]
        )  # fmt: skip
    wb.save(path)
    return path


def raw(path: Path) -> list[list[object]]:
    book = pc.CalamineWorkbook.from_path(str(path))
    return book.get_sheet_by_index(0).to_python(skip_empty_area=False)  # type: ignore[return-value]


def raw_rows(path: Path) -> list[dict[str, object]]:
    grid = raw(path)
    header = [str(h) for h in grid[3]]
    return [dict(zip(header, row, strict=False)) for row in grid[4:] if any(v != "" for v in row)]


def parse(path: Path) -> object:
    result = parse_file(path, "individuals")
    assert result.ok and len(result.rows) > 0, [str(e) for e in list(result.all_errors())[:3]]
    return result


def best(fn: Callable[[Path], object], path: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn(path)
        times.append(time.perf_counter() - start)
    return min(times)


def main(argv: list[str]) -> int:
    rows = int(argv[0]) if argv else 10_000
    with tempfile.TemporaryDirectory() as folder:
        path = make_staff_file(Path(folder) / "staff.xlsx", rows)
        size = path.stat().st_size
        parse(path)  # warm-up: imports, translations
        t_raw = best(raw, path, 5)
        t_rows = best(raw_rows, path, 5)
        t_parse = best(parse, path, 5)
    print(f"{rows} rows, {size / 1024:.0f} KiB .xlsx")
    print(f"raw calamine          {t_raw * 1000:8.1f} ms")
    print(f"raw + row dicts       {t_rows * 1000:8.1f} ms")
    print(f"full parse            {t_parse * 1000:8.1f} ms   ({t_parse / t_rows:.2f} x raw + rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
