"""The eligibility engine: the rules in force, applied to plain facts, give a verdict with reasons.

Each rule kind has one method returning its reasons (none when the rule does
not apply to the case). Alternatives (rules sharing ``any_of``) are summed up
by one deciding reason followed by the alternatives as explanations.

An ``Evaluator`` is prepared once for a case and a set of rules, then judges
many subjects. ``outcome`` decides without writing any sentence (what a run
over the whole register needs); ``verdict`` writes every reason. Both go
through the same methods, so they cannot disagree.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction
from functools import partial
from typing import Any

from emudesk.domain.enums import (
    AwardLevel,
    AwardStatus,
    AwardType,
    DisciplineForm,
    DisciplineKind,
    Rating,
    SubjectKind,
)
from emudesk.domain.rules import fmt
from emudesk.domain.rules.enums import CompositionScope, Ending, Outcome, RuleKind
from emudesk.domain.rules.facts import AwardFact, Case, DisciplineFact, InitiativeFact, SubjectFacts
from emudesk.domain.rules.kinds import (
    Composition,
    DisciplineBlock,
    HistoryBasis,
    HistoryStreak,
    InitiativeRule,
    Manual,
    Prerequisite,
    QuotaRule,
    RatingRule,
    SingleGround,
    VoteThreshold,
)
from emudesk.domain.rules.model import Rule, rule_set_label
from emudesk.domain.rules.verdict import Reason, Verdict, outcome_of
from emudesk.i18n import _

RATING_RANK: dict[Rating, int] = {
    Rating.NOT_COMPLETED: 0,
    Rating.COMPLETED: 1,
    Rating.GOOD: 2,
    Rating.EXCELLENT: 3,
}
SCOPE_RANK: dict[AwardLevel, int] = {AwardLevel.GRASSROOTS: 0, AwardLevel.PROVINCE: 1, AwardLevel.STATE: 2}
SEVERITY: dict[DisciplineForm, int] = {f: i for i, f in enumerate(DisciplineForm, start=1)}
_DISCIPLINE = DisciplineKind.DISCIPLINE
_VALID = AwardStatus.VALID


_BARE = {(p, i): Reason("", "", p, "", i) for p in (True, False, None) for i in (True, False)}


def votes_needed(min_percent: object, council_size: int) -> int:
    """Ballots for needed out of all members: the smallest n with n/size ≥ min_percent (exact arithmetic)."""
    return math.ceil(Fraction(str(min_percent)) * council_size / 100)


class _Judge:
    """The rule kinds, applied to one subject at a time (``s``) for one case (``c``).

    With ``explain`` False no sentence is written: reasons carry only whether they pass.
    """

    def __init__(self, case: Case, basis: Rule | None, cite: dict[int, str]) -> None:
        self.c = case
        self.basis = basis
        self.cite = cite
        self.explain = True
        self.s: SubjectFacts = SubjectFacts(SubjectKind.INDIVIDUAL, 0, "")
        self.types: frozenset[AwardType] | None = None
        if basis is not None and isinstance(basis.params, HistoryBasis):
            self.types = frozenset(basis.params.count_types)

    # --- helpers ----------------------------------------------------------------------------
    def r(
        self, rule: Rule, passed: bool | None, text: Callable[[], str], informational: bool = False
    ) -> Reason:
        """A reason of ``rule``; its sentence is written only when explaining."""
        if not self.explain:
            return _BARE[(passed, informational)]  # only the outcome is wanted: no sentence, no new object
        return Reason(text(), self.cite[rule.id], passed, rule.code, informational)

    def counts(self, a: AwardFact) -> bool:
        """A decided, valid award of a type that may ground a higher award."""
        if a.pending or a.status is not _VALID:
            return False
        return self.types is None or a.award_type in self.types

    def window(self, years: int, ending: Ending) -> list[int]:
        end = self.c.year - (1 if ending is Ending.PREVIOUS_YEAR else 0)
        return list(range(end - years + 1, end + 1))

    def disciplined_years(self, window: Sequence[int]) -> set[int]:
        # Achievements count only from the end of a discipline period (NĐ 152/2025 Điều 4.4).
        if not self.s.discipline:
            return set()
        return {y for y in window for d in self.s.discipline if d.kind is _DISCIPLINE and d.overlaps_year(y)}

    def not_counted(self, rule: Rule, codes: tuple[str, ...], window: Sequence[int]) -> list[Reason]:
        """Explain awards of the right form that the history check left out, and why."""
        if not self.explain:
            return []
        out: list[Reason] = []
        for a in sorted(self.s.awards, key=lambda x: x.year):
            if a.code not in codes or a.year not in window or a.pending or self.counts(a):
                continue
            name = self.c.names.get(a.code, a.code)
            if a.status is not _VALID:
                text = _("{award} {year} was {status} ({decision}) and does not count.").format(
                    award=name, year=a.year, status=a.status.label.lower(), decision=a.decision or "?"
                )
                citation = self.cite[rule.id]
            else:
                text = _(
                    "{award} {year} is an award of type “{type}”; it cannot ground a higher award."
                ).format(award=name, year=a.year, type=a.award_type.label)
                citation = self.cite[self.basis.id] if self.basis else self.cite[rule.id]
            out.append(Reason(text, citation, None, rule.code, informational=True))
        return out

    def usable_initiatives(self, window: Sequence[int], scope: AwardLevel) -> list[InitiativeFact]:
        least = SCOPE_RANK[scope]
        return [
            i
            for i in self.s.initiatives
            if i.recognized and i.year in window and SCOPE_RANK[i.scope] >= least and not i.used_by
        ]

    # --- kinds --------------------------------------------------------------------------------
    def history_streak(self, rule: Rule, p: HistoryStreak) -> list[Reason]:
        window = self.window(p.years, p.ending)
        excluded_years = self.disciplined_years(window)
        relevant = [a for a in self.s.awards if a.code in p.awards and a.year in window]
        have = sorted({a.year for a in relevant if self.counts(a)} - excluded_years)
        pending = {a.year for a in relevant if a.pending}
        missing = [y for y in window if y not in have]
        award = self.c.name_of(p.awards) if self.explain else ""
        notes = self.not_counted(rule, p.awards, window)
        if excluded_years and self.explain:
            text = _("Years under discipline do not count: {years}.").format(years=fmt.years(excluded_years))
            notes.append(self.r(rule, None, lambda: text, informational=True))
        if not missing:
            return [
                self.r(
                    rule,
                    True,
                    lambda: _("{n} consecutive years of {award}: {years}").format(
                        n=fmt.two(p.years), award=award, years=fmt.years(have)
                    ),
                ),
                *notes,
            ]
        last = window[-1]
        if missing == [last] and (last in pending or not self.c.recorded(p.awards, last)):

            def undecided() -> str:
                text = _("{award} in {have}; {year} is not decided yet").format(
                    award=award, have=fmt.years(have), year=last
                )
                return text + (" " + _("(a nomination is in progress)") if last in pending else "")

            return [self.r(rule, None, undecided), *notes]

        def short() -> str:
            if have:
                return _("Fewer than {n} consecutive years of {award}: has {have}; missing {missing}").format(
                    n=fmt.two(p.years), award=award, have=fmt.years(have), missing=fmt.years(missing)
                )
            return _("Fewer than {n} consecutive years of {award}: none of {missing}").format(
                n=fmt.two(p.years), award=award, missing=fmt.years(missing)
            )

        return [self.r(rule, False, short), *notes]

    def prerequisite(self, rule: Rule, p: Prerequisite) -> list[Reason]:
        end = self.c.year - (1 if p.ending is Ending.PREVIOUS_YEAR else 0)
        start = end - p.within_years + 1 if p.within_years else -math.inf
        held = sorted(
            {
                a.year
                for a in self.s.awards
                if a.code in p.awards and start <= a.year <= end and self.counts(a)
            }
        )
        chain = held
        if p.max_gap_years is not None and held:
            # The latest run of awards each no more than max_gap_years after the previous one.
            chain = [held[-1]]
            for y in reversed(held[:-1]):
                if chain[0] - y > p.max_gap_years:
                    break
                chain.insert(0, y)
        pending = any(a.code in p.awards and a.pending and a.year <= end for a in self.s.awards)
        award = self.c.name_of(p.awards) if self.explain else ""
        notes = self.not_counted(rule, p.awards, range(int(max(start, 1900)), end + 1))
        if len(chain) >= p.count:
            text = lambda: _("{award} {n} times: {years}").format(  # noqa: E731
                award=award, n=fmt.two(p.count), years=fmt.years(chain)
            )
            return [self.r(rule, True, text), *notes]

        def short() -> str:
            times = _("{n} consecutive times") if p.max_gap_years else _("{n} times")
            needed = times.format(n=fmt.two(p.count))
            if held:
                text = _("Needs {award} {needed}; has {have}").format(
                    award=award, needed=needed, have=fmt.years(held)
                )
            else:
                text = _("Needs {award} {needed}; has none").format(award=award, needed=needed)
            return text + (" " + _("(a nomination is in progress)") if in_progress else "")

        in_progress = pending and len(chain) + 1 >= p.count
        if in_progress:
            return [self.r(rule, None, short)]
        return [self.r(rule, False, short), *notes]

    def rating(self, rule: Rule, p: RatingRule) -> list[Reason]:
        if self.s.kind is SubjectKind.HOUSEHOLD:
            return []
        ratings = self.s.ratings
        window = self.window(p.years, p.ending)
        need = RATING_RANK[p.min_rating]
        for y in window:
            got = ratings.get(y)
            if got is not None and RATING_RANK[got] < need:
                return [
                    self.r(
                        rule,
                        False,
                        partial(_rated_below, got, y, p.min_rating),
                    )
                ]
        missing = [y for y in window if y not in ratings]
        if missing:
            text = lambda: _("No rating recorded for {years}; needs “{min}” or better").format(  # noqa: E731
                years=fmt.years(missing), min=p.min_rating.label
            )
            return [self.r(rule, None, text)]

        def rated() -> str:
            return _("Rated “{min}” or better in {years}").format(
                min=p.min_rating.label, years=fmt.years(window)
            )

        if p.with_initiatives:
            usable = self.usable_initiatives(window, p.initiative_scope)
            if len(usable) < p.with_initiatives:
                return [
                    self.r(
                        rule,
                        False,
                        lambda: (
                            rated()
                            + "; "
                            + _("but only {have} of the {need} recognised initiatives needed").format(
                                have=len(usable), need=fmt.two(p.with_initiatives)
                            )
                        ),
                    )
                ]
            return [
                self.r(
                    rule,
                    True,
                    lambda: (
                        rated() + "; " + _("with {n} recognised initiatives").format(n=fmt.two(len(usable)))
                    ),
                )
            ]
        return [self.r(rule, True, rated)]

    def initiative(self, rule: Rule, p: InitiativeRule) -> list[Reason]:
        if self.s.kind is not SubjectKind.INDIVIDUAL:
            return []
        window = list(range(self.c.year - p.years + 1, self.c.year + 1))
        usable = self.usable_initiatives(window, p.min_scope)
        if len(usable) >= p.count:

            def found() -> str:
                titles = "; ".join(f"“{i.title}” ({i.year})" for i in usable[: max(p.count, 3)])
                return _("Recognised initiative of {scope} scope or wider: {titles}").format(
                    scope=p.min_scope.label.lower(), titles=titles
                )

            return [self.r(rule, True, found)]

        def lacking() -> str:
            scope = p.min_scope.label.lower()
            span = fmt.years(window) if len(window) < 3 else f"{window[0]}–{window[-1]}"
            text = _("No recognised initiative of {scope} scope or wider in {years}").format(
                scope=scope, years=span
            )
            if p.count > 1:
                text = _(
                    "{have} of the {need} recognised initiatives of {scope} scope or wider in {years}"
                ).format(
                    have=len(usable), need=fmt.two(p.count), scope=scope, years=f"{window[0]}–{window[-1]}"
                )
            used = [i for i in self.s.initiatives if i.used_by and i.year in window]
            if used:
                text += "; " + _("“{title}” already grounds nomination #{id}").format(
                    title=used[0].title, id=used[0].used_by[0]
                )
            return text

        return [self.r(rule, False, lacking)]

    def composition(self, rule: Rule, p: Composition) -> list[Reason]:
        members = self.s.members
        if self.s.kind is not SubjectKind.UNIT or members is None:
            return []
        year = self.c.year
        if not members:
            text = lambda: _("No members of the collective are recorded for {year}").format(year=year)  # noqa: E731
            return [self.r(rule, None, text)]
        if p.awards:
            codes = p.awards
            ok = pending = 0
            for m in members:
                if any(a.code in codes and self.counts(a) for a in m.awards):
                    ok += 1
                elif any(a.code in codes and a.pending for a in m.awards):
                    pending += 1
            known = self.c.recorded(codes, year)
        else:
            assert p.min_rating is not None
            need_rank = RATING_RANK[p.min_rating]
            ok = sum(1 for m in members if m.rating is not None and RATING_RANK[m.rating] >= need_rank)
            pending = sum(1 for m in members if m.rating is None)
            known = pending < len(members)
        total = len(members)

        def meets(count: int) -> bool:
            if p.min_count is not None and count < p.min_count:
                return False
            if p.min_percent is not None:
                share = Fraction(count * 100, total)
                return share > Fraction(p.min_percent) if p.strict else share >= Fraction(p.min_percent)
            return True

        def say(suffix: str = "") -> Callable[[], str]:
            def text() -> str:
                if p.awards:
                    what = _("hold {award}").format(award=self.c.name_of(p.awards))
                else:
                    what = _("rated “{rating}” or better").format(rating=p.min_rating.label)  # type: ignore[union-attr]
                needs = []
                if p.min_percent is not None:
                    op = _("more than") if p.strict else _("at least")
                    needs.append(f"{op} {fmt.percent(p.min_percent)}")
                if p.min_count is not None:
                    needs.append(_("at least {n}").format(n=fmt.two(p.min_count)))
                return _("{ok}/{total} members ({share}) {what} in {year}; needs {needs}").format(
                    ok=ok, total=total, share=fmt.percent(Fraction(ok * 100, total)), what=what, year=year,
                    needs=_(" and ").join(needs),
                ) + suffix  # fmt: skip

            return text

        if meets(ok):
            return [self.r(rule, True, say())]
        if not known:
            note = " " + _("(the members' results for {year} are not recorded yet)").format(year=year)
            return [self.r(rule, None, say(note if self.explain else ""))]
        if pending and meets(ok + pending):
            note = " " + _("({n} still pending)").format(n=pending) if self.explain else ""
            return [self.r(rule, None, say(note))]
        return [self.r(rule, False, say())]

    def discipline_block(self, rule: Rule, p: DisciplineBlock) -> list[Reason]:
        year, on = self.c.year, self.c.on
        least = SEVERITY[p.min_form]

        def heavy(d: DisciplineFact) -> bool:
            return d.kind is _DISCIPLINE and d.form is not None and SEVERITY[d.form] >= least

        if p.scope is CompositionScope.MEMBERS:
            if self.s.members is None:
                return []
            bad = [(m, d) for m in self.s.members for d in m.discipline if heavy(d) and d.overlaps_year(year)]
            if bad:

                def names() -> str:
                    listed = sorted({f"{m.name} ({d.form.label.lower() if d.form else '?'})" for m, d in bad})
                    return _("Members disciplined with “{form}” or worse in {year}: {names}").format(
                        form=p.min_form.label.lower(), year=year, names=", ".join(listed)
                    )

                return [self.r(rule, False, names)]
            text = lambda: _("No member disciplined with “{form}” or worse in {year}").format(  # noqa: E731
                form=p.min_form.label.lower(), year=year
            )
            return [self.r(rule, True, text)]
        if self.s.kind is not SubjectKind.INDIVIDUAL:
            return []
        out: list[Reason] = []
        for d in self.s.discipline:
            if d.kind in p.pending_kinds and d.open_on(on):
                out.append(
                    self.r(
                        rule,
                        False,
                        partial(_pending_case, d),
                    )
                )
            elif heavy(d) and d.overlaps_year(year):
                out.append(
                    self.r(
                        rule,
                        False,
                        partial(_disciplined, d),
                    )
                )
        if out:
            return out
        text = lambda: _("No discipline in {year}, and no pending review, investigation or complaint").format(  # noqa: E731
            year=year
        )
        return [self.r(rule, True, text)]

    def vote_threshold(self, rule: Rule, p: VoteThreshold) -> list[Reason]:
        v = self.c.votes
        if v is None:
            text = lambda: _("Needs the votes of at least {min} of all council members").format(  # noqa: E731
                min=fmt.percent(p.min_percent)
            )
            return [self.r(rule, None, text, informational=True)]
        needed = votes_needed(p.min_percent, v.council_size)
        text = lambda: _(  # noqa: E731
            "{votes}/{size} council members voted for ({share}); needs {min} of all members, i.e. {needed}"
        ).format(
            votes=v.votes_for,
            size=v.council_size,
            share=fmt.percent(Fraction(v.votes_for * 100, max(v.council_size, 1))),
            min=fmt.percent(p.min_percent),
            needed=needed,
        )
        return [self.r(rule, v.votes_for >= needed, text)]

    def quota(self, rule: Rule, p: QuotaRule) -> list[Reason]:
        if self.s.kind is not SubjectKind.INDIVIDUAL or not self.s.unit_name:
            return []
        codes = p.awards or (self.c.award_code,)
        used = sum(self.s.unit_counts.get(c, 0) for c in codes)
        # The subject's own award or nomination in the year is not someone else's place.
        used -= sum(
            1 for a in self.s.awards if a.code in codes and a.year == self.c.year and a.status is _VALID
        )
        used = max(used, 0)
        base = sum(self.s.unit_counts.get(c, 0) for c in p.base)
        limit = math.floor(Fraction(p.percent) * base / 100)

        def text(full: bool) -> Callable[[], str]:
            def write() -> str:
                values = {
                    "unit": self.s.unit_name,
                    "used": used,
                    "limit": limit,
                    "percent": fmt.percent(p.percent),
                    "base": base,
                    "base_name": self.c.name_of(p.base),
                }
                if full:
                    return _(
                        "{unit}: all {limit} places are used ({percent} of {base} holding {base_name}); "
                        "{used} taken"
                    ).format(**values)
                return _(
                    "{unit}: {used} of {limit} places used ({percent} of {base} holding {base_name})"
                ).format(**values)

            return write

        if used + 1 <= limit:
            return [self.r(rule, True, text(full=False))]
        return [self.r(rule, None, text(full=True))]

    def single_ground(self, rule: Rule, p: SingleGround) -> list[Reason]:
        out: list[Reason] = []
        checked = False
        c = self.c
        if p.achievement and c.nomination_id is not None:
            checked = True
            if c.achievement_used_by:
                text = lambda: _(  # noqa: E731
                    "The achievement already grounds nomination #{ids}: one achievement, one award"
                ).format(ids=", #".join(str(i) for i in c.achievement_used_by))
                out.append(self.r(rule, False, text))
        if p.initiative and c.initiative is not None:
            checked = True
            if c.initiative.used_by:
                initiative = c.initiative
                text = lambda: _(  # noqa: E731
                    "The initiative “{title}” already grounds nomination #{id}: "
                    "an initiative grounds only one award (CV 5007/BNV-TĐKT)"
                ).format(title=initiative.title, id=initiative.used_by[0])
                out.append(self.r(rule, False, text))
        if p.same_year:
            checked = checked or c.yearly
            for a in self.s.awards:
                if a.code != c.award_code or a.year != c.year:
                    continue
                if not c.yearly and a.award_type in (AwardType.AD_HOC, AwardType.CAMPAIGN):
                    continue  # an ad hoc or thematic award rewards another achievement
                if c.nomination_id is not None and a.nomination_id == c.nomination_id:
                    continue  # the award this very nomination produced
                if not a.pending and a.status is not _VALID:
                    continue

                def held(a: AwardFact = a) -> str:
                    if a.pending:
                        return _("Already nominated for {award} for {year} (nomination #{id})").format(
                            award=c.award_name, year=c.year, id=a.nomination_id
                        )
                    return _("Already holds {award} for {year} ({decision})").format(
                        award=c.award_name, year=c.year, decision=a.decision or "?"
                    )

                out.append(self.r(rule, False, held))
                break
        if out or not checked:
            return out
        return [self.r(rule, True, lambda: _("The results judged ground no other award"))]

    def manual(self, rule: Rule, p: Manual) -> list[Reason]:
        text = lambda: _("To be confirmed: {text}").format(text=p.text)  # noqa: E731
        return [self.r(rule, None, text, informational=not p.decisive)]


_DISPATCH: dict[RuleKind, Callable[[_Judge, Rule, Any], list[Reason]]] = {
    RuleKind.HISTORY_STREAK: _Judge.history_streak,
    RuleKind.PREREQUISITE: _Judge.prerequisite,
    RuleKind.RATING: _Judge.rating,
    RuleKind.INITIATIVE: _Judge.initiative,
    RuleKind.COMPOSITION: _Judge.composition,
    RuleKind.DISCIPLINE_BLOCK: _Judge.discipline_block,
    RuleKind.VOTE_THRESHOLD: _Judge.vote_threshold,
    RuleKind.QUOTA: _Judge.quota,
    RuleKind.SINGLE_GROUND: _Judge.single_ground,
    RuleKind.MANUAL: _Judge.manual,
}


def _decided(reasons: Sequence[Reason]) -> bool | None:
    """True met, False not met, None open: the deciding reasons of one rule taken together."""
    result: bool | None = True
    for r in reasons:
        if r.informational:
            continue
        if r.passed is False:
            return False
        if r.passed is None:
            result = None
    return result


class Evaluator:
    """Rules resolved for a case, prepared once to judge any number of subjects.

    Args:
        rules: the rules in force for the award, the subject kind and the day, in reading order;
            they may include the history_basis rule, which filters history and is cited when it
            leaves an award out.
    """

    def __init__(self, rules: Sequence[Rule], case: Case) -> None:
        self.case = case
        self.basis = next((r for r in rules if r.kind is RuleKind.HISTORY_BASIS), None)
        self.steps = [(rule, _DISPATCH[rule.kind]) for rule in rules if rule.kind in _DISPATCH]
        cite = {rule.id: rule.citation for rule in rules}
        self.judge = _Judge(case, self.basis, cite)
        self._labels: dict[tuple[int, ...], str] = {}

    def _run(self, subject: SubjectFacts, explain: bool) -> list[tuple[Rule, list[Reason]]]:
        judge = self.judge
        judge.s = subject
        judge.explain = explain
        out = []
        for rule, fn in self.steps:
            found = fn(judge, rule, rule.params)
            if found:
                out.append((rule, found))
        return out

    def outcome(self, subject: SubjectFacts) -> Outcome:
        """The outcome alone: the same judgement as ``verdict``, with no sentence written."""
        results = self._run(subject, explain=False)
        groups: dict[str, bool | None] = {}
        undecided = False
        for rule, found in results:
            decided = _decided(found)
            if rule.any_of:
                before = groups.get(rule.any_of, False)
                groups[rule.any_of] = True if (before is True or decided is True) else (
                    None if (before is None or decided is None) else False
                )  # fmt: skip
                continue
            if decided is False:
                return Outcome.NOT_ELIGIBLE
            undecided = undecided or decided is None
        for passed in groups.values():
            if passed is False:
                return Outcome.NOT_ELIGIBLE
            undecided = undecided or passed is None
        if not results:
            return Outcome.NEEDS_JUDGEMENT
        return Outcome.NEEDS_JUDGEMENT if undecided else Outcome.ELIGIBLE

    def verdict(self, subject: SubjectFacts) -> Verdict:
        case = self.case
        results = self._run(subject, explain=True)
        reasons: list[Reason] = []
        grouped: dict[str, list[tuple[Rule, list[Reason]]]] = {}
        order: list[tuple[Rule, list[Reason]] | str] = []
        for rule, found in results:
            if rule.any_of:
                if rule.any_of not in grouped:
                    grouped[rule.any_of] = []
                    order.append(rule.any_of)
                grouped[rule.any_of].append((rule, found))
            else:
                order.append((rule, found))
        for entry in order:
            if not isinstance(entry, str):
                reasons.extend(entry[1])
                continue
            members = grouped[entry]
            outcomes = [_decided(found) for _rule, found in members]
            passed: bool | None = True if True in outcomes else (None if None in outcomes else False)
            if passed is True:
                text = _("Meets one of the alternatives below")
            elif passed is None:
                text = _("No alternative below is met for certain yet")
            else:
                text = _("Meets none of the alternatives below")
            reasons.append(Reason(text, self.judge.cite[members[0][0].id], passed, entry))
            for _rule, found in members:
                for r in found:
                    reasons.append(
                        Reason("– " + r.text, r.citation, r.passed, r.rule_code, informational=True)
                    )
        used = [rule for rule, _found in results]
        if self.basis is not None and any(r.citation == self.judge.cite[self.basis.id] for r in reasons):
            used.append(self.basis)
        if not used:
            text = _("No rule in force on {day} governs {award}; a person must judge it").format(
                day=fmt.day(case.on), award=case.award_name
            )
            reasons.append(Reason(text, "", None))
        key = tuple(r.id for r in used)
        label = self._labels.get(key)
        if label is None:
            label = self._labels[key] = rule_set_label(used)
        return Verdict(
            outcome=outcome_of(reasons),
            reasons=tuple(reasons),
            rule_set=label,
            subject_kind=subject.kind,
            subject_id=subject.id,
            subject_name=subject.name,
            award_code=case.award_code,
            award_name=case.award_name,
            on=case.on,
            year=case.year,
            nomination_id=case.nomination_id,
        )


def evaluate(rules: Sequence[Rule], subject: SubjectFacts, case: Case) -> Verdict:
    """Judge ``subject`` for ``case`` by ``rules`` (already resolved for the day, in reading order).

    A case no rule governs needs a person's judgement.
    """
    return Evaluator(rules, case).verdict(subject)


# Sentences of reasons given inside loops, bound with partial() rather than a lambda over the loop variable.
def _rated_below(got: Rating, year: int, minimum: Rating) -> str:
    return _("Rated “{rating}” in {year}; needs “{min}” or better").format(
        rating=got.label, year=year, min=minimum.label
    )


def _pending_case(d: DisciplineFact) -> str:
    return _("{case} since {start}: no award may be proposed or given meanwhile").format(
        case=d.kind.label, start=fmt.day(d.start)
    )


def _disciplined(d: DisciplineFact) -> str:
    return _(
        "Disciplined ({form}, {period}{ref}): achievements count only from the end of the discipline period"
    ).format(
        form=d.form.label.lower() if d.form else "?",
        period=fmt.period(d.start, d.end),
        ref=f", {d.ref}" if d.ref else "",
    )
