"""How well the reader turns a plan into a campaign draft, field by field (issue 17, item 4).

    .venv/bin/python benchmarks/plan_reading.py [--plans tests/data/plans] [--seeds resources/seeds]
                                                [--ocr | --scan] [--show]

Reads every plan text in ``--plans`` whose name matches a hand-made definition in ``--seeds`` (same
stem) and compares the draft with it: precision (how many values found are right) and recall (how
many of the plan's values were found) per kind of field. ``--ocr`` first damages each plan the way
OCR does (tests/services/campaigns/ocr_noise.py) to measure the repair; ``--scan`` prints each
plan to page images (a PDF with no text layer) and reads it through Tesseract, the whole OCR path;
``--show`` lists the mismatches.

A value counts as right when it is the same after normalising quotes and spaces; list fields
(participants, milestones ...) are compared as multisets of the keys below, which are what the
campaign uses (a quota's forms, subject and limit; a milestone's kind and date), not free text.
Free-text fields (purpose) count as right when they share most of their words.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from emudesk.services.campaigns.drafts import draft_from_text  # noqa: E402


def _norm(value: Any) -> str:
    text = unicodedata.normalize("NFC", str(value))
    text = re.sub(r"[“”«»\"]", '"', text)
    return " ".join(text.split()).strip(" .;").casefold()


def _words(value: Any) -> set[str]:
    return set(re.findall(r"\w+", _norm(value)))


SCALARS = (
    "plan_number",
    "plan_symbol",
    "issuing_body",
    "place",
    "issue_date",
    "title",
    "kind",
    "start_date",
    "end_date",
    "period_label",
    "signer_authority",
    "signer_title",
    "signer_name",
)
TEXTS = ("purpose", "legal_basis")

ListKey = Callable[[dict[str, Any]], Any]
LISTS: dict[str, ListKey] = {
    "phases": lambda p: (p.get("name"), p.get("start_date"), p.get("end_date")),
    "themes": lambda t: _norm(t["name"]),  # chuyên đề (none in the three seeds: a found one is wrong)
    "milestones": lambda m: (m["kind"], m.get("due_date"), m.get("recurrence", "none")),
    "targets": lambda t: (str(float(t["value"])) if t.get("value") else None, t.get("comparator", ">=")),
    "participants": lambda p: (p["subject_kind"], p.get("unit_kind")),
    "criteria": lambda c: (c.get("subject_kind"), c.get("unit_kind"), c.get("award_form")),
    "offered_forms": lambda o: o["award_form"],
    "quotas": lambda q: (
        tuple(sorted(q["forms"])),
        q.get("subject_kind"),
        q.get("unit_kind"),
        q.get("limit"),
    ),
}


class Score:
    def __init__(self) -> None:
        self.expected = self.found = self.right = 0

    def add(self, expected: int, found: int, right: int) -> None:
        self.expected += expected
        self.found += found
        self.right += right

    @property
    def precision(self) -> float | None:
        return self.right / self.found if self.found else None

    @property
    def recall(self) -> float | None:
        return self.right / self.expected if self.expected else None


def compare(draft: dict[str, Any], seed: dict[str, Any], scores: dict[str, Score], misses: list[str]) -> None:
    for key in SCALARS:
        want, got = seed.get(key) or "", draft.get(key) or ""
        right = bool(want) and bool(got) and _norm(want) == _norm(got)
        scores.setdefault(key, Score()).add(int(bool(want)), int(bool(got)), int(right))
        if (want or got) and not right:
            misses.append(f"{key}: want {want!r} got {got!r}")
    for key in TEXTS:
        want, got = seed.get(key) or "", draft.get(key) or ""
        ww, gw = _words(want), _words(got)
        right = bool(ww) and bool(gw) and len(ww & gw) >= 0.6 * len(ww)
        scores.setdefault(key, Score()).add(int(bool(want)), int(bool(got)), int(right))
        if (want or got) and not right:
            misses.append(f"{key}: {len(ww & gw)}/{len(ww)} words")
    for key, key_of in LISTS.items():
        want_c = Counter(key_of(x) for x in seed.get(key, []))
        got_c = Counter(key_of(x) for x in draft.get(key, []))
        right = sum((want_c & got_c).values())
        scores.setdefault(key, Score()).add(sum(want_c.values()), sum(got_c.values()), right)
        for k in (want_c - got_c).elements():
            misses.append(f"{key}: missed {k}")
        for k in (got_c - want_c).elements():
            misses.append(f"{key}: extra {k}")


def _scanned(text: str, name: str) -> Any:
    """The draft of ``text`` printed to A4 page images at 150 DPI and read back by OCR."""
    import tempfile
    import time

    from emudesk.importer.plan_file import ocr_available
    from emudesk.services.campaigns.drafts import draft_from_file
    from tests.services.campaigns.test_plan_scan import printed, scan

    if not ocr_available():
        raise SystemExit("--scan needs Tesseract with Vietnamese data (scripts/install-system-deps.sh test)")
    with tempfile.TemporaryDirectory() as folder:
        pdf = scan(printed(text), Path(folder) / f"{name}.pdf")
        began = time.perf_counter()
        draft = draft_from_file(pdf)
        print(f"# {name}: OCR of the scan in {time.perf_counter() - began:.1f} s", file=sys.stderr)
    return draft


def _pct(x: float | None) -> str:
    return "—" if x is None else f"{100 * x:.0f}%"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plans", type=Path, default=ROOT / "tests" / "data" / "plans")
    parser.add_argument("--seeds", type=Path, default=ROOT / "resources" / "seeds")
    parser.add_argument("--ocr", action="store_true", help="damage each plan as OCR does before reading")
    parser.add_argument(
        "--scan",
        action="store_true",
        help="print each plan to page images (a PDF with no text layer) and read it through Tesseract",
    )
    parser.add_argument("--show", action="store_true", help="list every mismatch")
    args = parser.parse_args(argv)
    scores: dict[str, Score] = {}
    for plan in sorted(args.plans.glob("*.txt")):
        seed_path = args.seeds / f"{plan.stem}.json"
        if not seed_path.exists():
            continue
        text = plan.read_text(encoding="utf-8")
        if args.ocr:
            sys.path.insert(0, str(ROOT / "tests" / "services" / "campaigns"))
            from ocr_noise import ocr_damage

            text = ocr_damage(text)
        if args.scan:
            draft = _scanned(text, plan.stem)
        else:
            draft = draft_from_text(text, repair_ocr=True if args.ocr else None)
        misses: list[str] = []
        compare(draft.to_json(), json.loads(seed_path.read_text(encoding="utf-8")), scores, misses)
        if args.show:
            print(f"## {plan.name}")
            for m in misses:
                print("  " + m)
    print(f"{'field':<17}{'expected':>9}{'found':>7}{'right':>7}{'precision':>11}{'recall':>8}")
    total = Score()
    for key, s in scores.items():
        total.add(s.expected, s.found, s.right)
        print(f"{key:<17}{s.expected:>9}{s.found:>7}{s.right:>7}{_pct(s.precision):>11}{_pct(s.recall):>8}")
    print(
        f"{'all':<17}{total.expected:>9}{total.found:>7}{total.right:>7}"
        f"{_pct(total.precision):>11}{_pct(total.recall):>8}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
