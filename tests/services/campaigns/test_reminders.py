"""Reminders of the demo's campaigns under way, on fixed days, and the calendar file read back."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest
from sqlalchemy import select

from emudesk.db.models import Campaign, Milestone
from emudesk.domain.enums import CampaignStatus, MilestoneKind
from emudesk.services.campaigns import reminders
from emudesk.services.core.store import Store
from tests.cli.running import run, target_of

DAY = date(2026, 12, 6)
K = MilestoneKind


def _listed(store: Store, today: date, within: int | None) -> list[tuple[str, date, int, K]]:
    with store.read() as s:
        return [(r.title, r.due_date, r.days_left, r.kind) for r in reminders.reminders(s, today, within)]


def test_the_demo_campaigns_next_milestones(demo_store: Store) -> None:
    # Written out from the demo's plans: the 2026 round (nominations before 10/12, statistics on
    # 15/12, the conference in January) and the 2024–2030 export campaign's sơ kết in Q4 2026.
    assert _listed(demo_store, DAY, 30) == [
        ("Các đơn vị gửi hồ sơ đề nghị khen thưởng về Sở Nội vụ", date(2026, 12, 9), 3, K.NOMINATION_DUE),
        ("Báo cáo thống kê thi đua, khen thưởng", date(2026, 12, 15), 9, K.REPORT_DUE),
        ("Sơ kết, đánh giá, rút kinh nghiệm giai đoạn 1", date(2026, 12, 31), 25, K.INTERIM_REVIEW),
    ]
    everything = _listed(demo_store, DAY, None)
    assert [t for t, *_ in everything[3:]] == [
        "Hội nghị tổng kết công tác thi đua, khen thưởng",
        "Báo cáo kết quả thực hiện Phong trào thi đua",  # yearly, "trước ngày 01/12 hằng năm"
        "Tổng kết Phong trào thi đua",
    ]
    # The yearly report rolled over: 30/11/2026 has passed, so 30/11/2027 is next.
    assert everything[4][1:3] == (date(2027, 11, 30), 359)
    # Finished campaigns (2025 round, NTM 2021–2025) remind of nothing.
    with demo_store.read() as s:
        ended = set(s.scalars(select(Campaign.id).where(Campaign.status != CampaignStatus.ACTIVE)))
        items = reminders.reminders(s, DAY)
    assert ended and not {r.campaign_id for r in items} & ended


def test_overdue_stays_until_done_and_a_yearly_one_comes_round(demo_store: Store) -> None:
    later = date(2026, 12, 20)
    assert _listed(demo_store, later, 0)[:2] == [
        ("Các đơn vị gửi hồ sơ đề nghị khen thưởng về Sở Nội vụ", date(2026, 12, 9), -11, K.NOMINATION_DUE),
        ("Báo cáo thống kê thi đua, khen thưởng", date(2026, 12, 15), -5, K.REPORT_DUE),
    ]
    with demo_store.write("test") as s:
        for m in s.scalars(select(Milestone).where(Milestone.due_date == date(2026, 12, 9))):
            m.done = True
    assert [t for t, *_ in _listed(demo_store, later, 0)] == ["Báo cáo thống kê thi đua, khen thưởng"]
    # Next November the yearly report is due again, 01/12 being its deadline.
    assert ("Báo cáo kết quả thực hiện Phong trào thi đua", date(2027, 11, 30), 14, K.REPORT_DUE) in _listed(
        demo_store, date(2027, 11, 16), 14
    )
    with pytest.raises(ValueError):
        _listed(demo_store, DAY, -1)


def test_calendar_reads_back_in_a_calendar_library(demo_store: Store, tmp_path: Path) -> None:
    with demo_store.read() as s:
        items = reminders.reminders(s, DAY)
    stamp = datetime(2026, 12, 6, 8, 0, tzinfo=UTC)
    path = reminders.write_calendar(items, tmp_path / "nhac-viec.ics", stamp)
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    events = list(cal.walk("VEVENT"))
    assert len(events) == len(items) == 6
    by_uid = {str(e["UID"]): e for e in events}
    assert len(by_uid) == 6
    for r in items:
        e = by_uid[r.uid]
        assert e.decoded("DTSTART") == r.due_date
        assert (e.decoded("DTEND") - r.due_date).days == 1
        assert str(e["SUMMARY"]) == f"{r.kind.label}: {r.title}"
        assert r.campaign_title in str(e["DESCRIPTION"])
        assert ("RRULE" in e) == r.recurring
        alarm = next(iter(e.walk("VALARM")))
        assert alarm.decoded("TRIGGER").days == -reminders.ALARM_DAYS
        assert e.decoded("DTSTAMP") == stamp
    yearly = by_uid[next(r.uid for r in items if r.recurring)]
    assert yearly["RRULE"]["FREQ"] == ["YEARLY"]
    # The same milestones give the same UIDs: importing again updates rather than doubles them.
    with demo_store.read() as s:
        again = reminders.reminders(s, date(2026, 12, 7))
    assert {r.uid for r in again} == set(by_uid)


@pytest.mark.sqlite_only("the CLI's file handling; the service runs on both engines above")
def test_cli_lists_as_json_and_writes_the_calendar(
    sqlite_demo_store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = target_of(sqlite_demo_store)
    ics = tmp_path / "lich.ics"
    args = ("reminders", "--db", db, "--today", "06/12/2026")
    code, out, err = run(capsys, *args, "--within", "10", "--json", "--ics", str(ics))
    assert code == 0, err
    rows = json.loads(out)
    assert [(r["due_date"], r["days_left"], r["kind"]) for r in rows] == [
        ("2026-12-09", 3, "nomination_due"),
        ("2026-12-15", 9, "report_due"),
    ]
    assert rows[0]["campaign"] == "Thi đua thường xuyên năm 2026"
    events = list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert [e.decoded("DTSTART") for e in events] == [date(2026, 12, 9), date(2026, 12, 15)]
    # Plain text: one line each, the days left in words.
    code, out, _err = run(capsys, *args, "--within", "3")
    assert code == 0 and out.splitlines() == [
        "09/12/2026 (còn 3 ngày)      Hạn nộp hồ sơ: Các đơn vị gửi hồ sơ đề nghị khen thưởng về Sở Nội vụ"
        " — Thi đua thường xuyên năm 2026"
    ]
    # Writing again over its own calendar is fine; over someone else's file it needs --force.
    assert run(capsys, *args, "--ics", str(ics))[0] == 0
    assert len(list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))) == 6
    foreign = tmp_path / "mine.ics"
    foreign.write_text("BEGIN:VCALENDAR\r\nPRODID:-//Outlook//EN\r\nEND:VCALENDAR\r\n")
    code, _out, err = run(capsys, *args, "--ics", str(foreign))
    assert code == 1 and "--force" in err and "Outlook" in foreign.read_text()
    # Bad usage: exit 2, nothing written.
    code, _out, err = run(capsys, *args, "--within", "-3")
    assert code == 2 and "-3" in err
    code, _out, err = run(capsys, *args, "--ics", str(tmp_path / "lich.txt"))
    assert code == 2 and ".ics" in err and not (tmp_path / "lich.txt").exists()
