"""The eligibility engine: the rules in force, applied to plain facts, give a verdict with reasons.

Each rule kind has one function returning its reasons (none when the rule does
not apply to the case). Alternatives (rules sharing ``any_of``) are summed up
by one deciding reason followed by the alternatives as explanations.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from fractions import Fraction

from emudesk.domain.enums import AwardLevel, AwardStatus, AwardType, DisciplineKind, Rating, SubjectKind
from emudesk.domain.rules import fmt
from emudesk.domain.rules.enums import CompositionScope, Ending, RuleKind
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


class _Judge:
    """One case: the facts, the rules in force and the history filter (history_basis) they imply."""

    def __init__(self, subject: SubjectFacts, case: Case, basis: Rule | None) -> None:
        self.s = subject
        self.c = case
        self.basis = basis
        self.types: frozenset[AwardType] | None = None
        if basis is not None and isinstance(basis.params, HistoryBasis):
            self.types = frozenset(basis.params.count_types)

    # --- helpers ----------------------------------------------------------------------------
    def counts(self, a: AwardFact) -> bool:
        """A decided, valid award of a type that may ground a higher award."""
        if a.pending or a.status is not AwardStatus.VALID:
            return False
        return self.types is None or a.award_type in self.types

    def window(self, years: int, ending: Ending) -> list[int]:
        end = self.c.year - (1 if ending is Ending.PREVIOUS_YEAR else 0)
        return list(range(end - years + 1, end + 1))

    def disciplined_years(self, window: Sequence[int]) -> set[int]:
        # Achievements count only from the end of a discipline period (NĐ 152/2025 Điều 4.4).
        return {
            y
            for y in window
            for d in self.s.discipline
            if d.kind is DisciplineKind.DISCIPLINE and d.overlaps_year(y)
        }

    def not_counted(self, rule: Rule, codes: tuple[str, ...], window: Sequence[int]) -> list[Reason]:
        """Explain awards of the right form that the history check left out, and why."""
        out: list[Reason] = []
        for a in sorted(self.s.awards, key=lambda x: x.year):
            if a.code not in codes or a.year not in window or a.pending or self.counts(a):
                continue
            name = self.c.names.get(a.code, a.code)
            if a.status is not AwardStatus.VALID:
                text = _("{award} {year} was {status} ({decision}) and does not count.").format(
                    award=name, year=a.year, status=a.status.label.lower(), decision=a.decision or "?"
                )
                citation = rule.citation
            else:
                text = _(
                    "{award} {year} is an award of type “{type}”; it cannot ground a higher award."
                ).format(award=name, year=a.year, type=a.award_type.label)
                citation = self.basis.citation if self.basis else rule.citation
            out.append(Reason(text, citation, None, rule.code, informational=True))
        return out

    def usable_initiatives(self, window: Sequence[int], scope: AwardLevel) -> list[InitiativeFact]:
        return [
            i
            for i in self.s.initiatives
            if i.recognized
            and i.year in window
            and SCOPE_RANK[i.scope] >= SCOPE_RANK[scope]
            and not i.used_by
        ]

    # --- kinds --------------------------------------------------------------------------------
    def history_streak(self, rule: Rule, p: HistoryStreak) -> list[Reason]:
        window = self.window(p.years, p.ending)
        excluded_years = self.disciplined_years(window)
        have = sorted(
            {a.year for a in self.s.awards if a.code in p.awards and a.year in window and self.counts(a)}
            - excluded_years
        )
        pending = sorted(
            {a.year for a in self.s.awards if a.code in p.awards and a.pending and a.year in window}
        )
        missing = [y for y in window if y not in have]
        award = self.c.name_of(p.awards)
        notes = self.not_counted(rule, p.awards, window)
        if excluded_years:
            notes.append(
                Reason(
                    _("Years under discipline do not count: {years}.").format(
                        years=fmt.years(excluded_years)
                    ),
                    rule.citation,
                    None,
                    rule.code,
                    informational=True,
                )
            )
        if not missing:
            text = _("{n} consecutive years of {award}: {years}").format(
                n=fmt.two(p.years), award=award, years=fmt.years(have)
            )
            return [Reason(text, rule.citation, True, rule.code), *notes]
        last = window[-1]
        if missing == [last] and (last in pending or not self.c.recorded(p.awards, last)):
            text = _("{award} in {have}; {year} is not decided yet").format(
                award=award, have=fmt.years(have), year=last
            )
            if last in pending:
                text += " " + _("(a nomination is in progress)")
            return [Reason(text, rule.citation, None, rule.code), *notes]
        if have:
            text = _("Fewer than {n} consecutive years of {award}: has {have}; missing {missing}").format(
                n=fmt.two(p.years), award=award, have=fmt.years(have), missing=fmt.years(missing)
            )
        else:
            text = _("Fewer than {n} consecutive years of {award}: none of {missing}").format(
                n=fmt.two(p.years), award=award, missing=fmt.years(missing)
            )
        return [Reason(text, rule.citation, False, rule.code), *notes]

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
        award = self.c.name_of(p.awards)
        window = range(int(max(start, 1900)), end + 1)
        notes = self.not_counted(rule, p.awards, window)
        if len(chain) >= p.count:
            text = _("{award} {n} times: {years}").format(
                award=award, n=fmt.two(p.count), years=fmt.years(chain)
            )
            return [Reason(text, rule.citation, True, rule.code), *notes]
        times = _("{n} consecutive times") if p.max_gap_years else _("{n} times")
        needed = times.format(n=fmt.two(p.count))
        if held:
            text = _("Needs {award} {needed}; has {have}").format(
                award=award, needed=needed, have=fmt.years(held)
            )
        else:
            text = _("Needs {award} {needed}; has none").format(award=award, needed=needed)
        if pending and len(chain) + 1 >= p.count:
            return [Reason(text + " " + _("(a nomination is in progress)"), rule.citation, None, rule.code)]
        return [Reason(text, rule.citation, False, rule.code), *notes]

    def rating(self, rule: Rule, p: RatingRule) -> list[Reason]:
        if self.s.kind is SubjectKind.HOUSEHOLD:
            return []
        window = self.window(p.years, p.ending)
        need = RATING_RANK[p.min_rating]
        below = [
            (y, self.s.ratings[y])
            for y in window
            if y in self.s.ratings and RATING_RANK[self.s.ratings[y]] < need
        ]
        missing = [y for y in window if y not in self.s.ratings]
        if below:
            year, got = below[0]
            text = _("Rated “{rating}” in {year}; needs “{min}” or better").format(
                rating=got.label, year=year, min=p.min_rating.label
            )
            return [Reason(text, rule.citation, False, rule.code)]
        if missing:
            text = _("No rating recorded for {years}; needs “{min}” or better").format(
                years=fmt.years(missing), min=p.min_rating.label
            )
            return [Reason(text, rule.citation, None, rule.code)]
        text = _("Rated “{min}” or better in {years}").format(min=p.min_rating.label, years=fmt.years(window))
        if p.with_initiatives:
            usable = self.usable_initiatives(window, p.initiative_scope)
            if len(usable) < p.with_initiatives:
                text += "; " + _("but only {have} of the {need} recognised initiatives needed").format(
                    have=len(usable), need=fmt.two(p.with_initiatives)
                )
                return [Reason(text, rule.citation, False, rule.code)]
            text += "; " + _("with {n} recognised initiatives").format(n=fmt.two(len(usable)))
        return [Reason(text, rule.citation, True, rule.code)]

    def initiative(self, rule: Rule, p: InitiativeRule) -> list[Reason]:
        if self.s.kind is not SubjectKind.INDIVIDUAL:
            return []
        window = list(range(self.c.year - p.years + 1, self.c.year + 1))
        usable = self.usable_initiatives(window, p.min_scope)
        scope = p.min_scope.label.lower()
        if len(usable) >= p.count:
            titles = "; ".join(f"“{i.title}” ({i.year})" for i in usable[: max(p.count, 3)])
            text = _("Recognised initiative of {scope} scope or wider: {titles}").format(
                scope=scope, titles=titles
            )
            return [Reason(text, rule.citation, True, rule.code)]
        text = _("No recognised initiative of {scope} scope or wider in {years}").format(
            scope=scope, years=fmt.years(window) if len(window) < 3 else f"{window[0]}–{window[-1]}"
        )
        if p.count > 1:
            text = _(
                "{have} of the {need} recognised initiatives of {scope} scope or wider in {years}"
            ).format(have=len(usable), need=fmt.two(p.count), scope=scope, years=f"{window[0]}–{window[-1]}")
        used = [i for i in self.s.initiatives if i.used_by and i.year in window]
        if used:
            text += "; " + _("“{title}” already grounds nomination #{id}").format(
                title=used[0].title, id=used[0].used_by[0]
            )
        return [Reason(text, rule.citation, False, rule.code)]

    def composition(self, rule: Rule, p: Composition) -> list[Reason]:
        members = self.s.members
        if self.s.kind is not SubjectKind.UNIT or members is None:
            return []
        year = self.c.year
        if not members:
            text = _("No members of the collective are recorded for {year}").format(year=year)
            return [Reason(text, rule.citation, None, rule.code)]
        if p.awards:
            what = _("hold {award}").format(award=self.c.name_of(p.awards))
            ok = sum(1 for m in members if any(a.code in p.awards and self.counts(a) for a in m.awards))
            pending = sum(
                1
                for m in members
                if not any(a.code in p.awards and self.counts(a) for a in m.awards)
                and any(a.code in p.awards and a.pending for a in m.awards)
            )
            known = self.c.recorded(p.awards, year)
        else:
            assert p.min_rating is not None
            what = _("rated “{rating}” or better").format(rating=p.min_rating.label)
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

        needs = []
        if p.min_percent is not None:
            op = _("more than") if p.strict else _("at least")
            needs.append(f"{op} {fmt.percent(p.min_percent)}")
        if p.min_count is not None:
            needs.append(_("at least {n}").format(n=fmt.two(p.min_count)))
        text = _("{ok}/{total} members ({share}) {what} in {year}; needs {needs}").format(
            ok=ok, total=total, share=fmt.percent(Fraction(ok * 100, total)), what=what, year=year,
            needs=_(" and ").join(needs),
        )  # fmt: skip
        if meets(ok):
            return [Reason(text, rule.citation, True, rule.code)]
        if not known:
            text += " " + _("(the members' results for {year} are not recorded yet)").format(year=year)
            return [Reason(text, rule.citation, None, rule.code)]
        if pending and meets(ok + pending):
            text += " " + _("({n} still pending)").format(n=pending)
            return [Reason(text, rule.citation, None, rule.code)]
        return [Reason(text, rule.citation, False, rule.code)]

    def discipline_block(self, rule: Rule, p: DisciplineBlock) -> list[Reason]:
        year, on = self.c.year, self.c.on
        least = p.min_form.severity

        def heavy(d: DisciplineFact) -> bool:
            return d.kind is DisciplineKind.DISCIPLINE and d.form is not None and d.form.severity >= least

        if p.scope is CompositionScope.MEMBERS:
            if self.s.members is None:
                return []
            bad = sorted(
                {
                    f"{m.name} ({d.form.label.lower() if d.form else '?'})"
                    for m in self.s.members
                    for d in m.discipline
                    if heavy(d) and d.overlaps_year(year)
                }
            )
            if bad:
                text = _("Members disciplined with “{form}” or worse in {year}: {names}").format(
                    form=p.min_form.label.lower(), year=year, names=", ".join(bad)
                )
                return [Reason(text, rule.citation, False, rule.code)]
            text = _("No member disciplined with “{form}” or worse in {year}").format(
                form=p.min_form.label.lower(), year=year
            )
            return [Reason(text, rule.citation, True, rule.code)]
        if self.s.kind is not SubjectKind.INDIVIDUAL:
            return []
        out: list[Reason] = []
        for d in self.s.discipline:
            if d.kind in p.pending_kinds and d.open_on(on):
                text = _("{case} since {start}: no award may be proposed or given meanwhile").format(
                    case=d.kind.label, start=fmt.day(d.start)
                )
                out.append(Reason(text, rule.citation, False, rule.code))
            elif heavy(d) and d.overlaps_year(year):
                text = _(
                    "Disciplined ({form}, {period}{ref}): achievements count only from the end of the "
                    "discipline period"
                ).format(
                    form=d.form.label.lower() if d.form else "?",
                    period=fmt.period(d.start, d.end),
                    ref=f", {d.ref}" if d.ref else "",
                )
                out.append(Reason(text, rule.citation, False, rule.code))
        if out:
            return out
        text = _("No discipline in {year}, and no pending review, investigation or complaint").format(
            year=year
        )
        return [Reason(text, rule.citation, True, rule.code)]

    def vote_threshold(self, rule: Rule, p: VoteThreshold) -> list[Reason]:
        v = self.c.votes
        if v is None:
            text = _("Needs the votes of at least {min} of all council members").format(
                min=fmt.percent(p.min_percent)
            )
            return [Reason(text, rule.citation, None, rule.code, informational=True)]
        needed = votes_needed(p.min_percent, v.council_size)
        text = _(
            "{votes}/{size} council members voted for ({share}); needs {min} of all members, i.e. {needed}"
        ).format(
            votes=v.votes_for,
            size=v.council_size,
            share=fmt.percent(Fraction(v.votes_for * 100, max(v.council_size, 1))),
            min=fmt.percent(p.min_percent),
            needed=needed,
        )
        return [Reason(text, rule.citation, v.votes_for >= needed, rule.code)]

    def quota(self, rule: Rule, p: QuotaRule) -> list[Reason]:
        if self.s.kind is not SubjectKind.INDIVIDUAL or not self.s.unit_name:
            return []
        codes = p.awards or (self.c.award_code,)
        used = sum(self.s.unit_counts.get(c, 0) for c in codes)
        base = sum(self.s.unit_counts.get(c, 0) for c in p.base)
        limit = math.floor(Fraction(p.percent) * base / 100)
        values = {
            "unit": self.s.unit_name,
            "used": used,
            "limit": limit,
            "percent": fmt.percent(p.percent),
            "base": base,
            "base_name": self.c.name_of(p.base),
        }
        if used + 1 <= limit:
            text = _("{unit}: {used} of {limit} places used ({percent} of {base} holding {base_name})")
            return [Reason(text.format(**values), rule.citation, True, rule.code)]
        text = _(
            "{unit}: all {limit} places are used ({percent} of {base} holding {base_name}); {used} taken"
        )
        return [Reason(text.format(**values), rule.citation, None, rule.code)]

    def single_ground(self, rule: Rule, p: SingleGround) -> list[Reason]:
        out: list[Reason] = []
        checked = False
        c = self.c
        if p.achievement and c.nomination_id is not None:
            checked = True
            if c.achievement_used_by:
                text = _(
                    "The achievement already grounds nomination #{ids}: one achievement, one award"
                ).format(ids=", #".join(str(i) for i in c.achievement_used_by))
                out.append(Reason(text, rule.citation, False, rule.code))
        if p.initiative and c.initiative is not None:
            checked = True
            if c.initiative.used_by:
                text = _(
                    "The initiative “{title}” already grounds nomination #{id}: "
                    "an initiative grounds only one award (CV 5007/BNV-TĐKT)"
                ).format(title=c.initiative.title, id=c.initiative.used_by[0])
                out.append(Reason(text, rule.citation, False, rule.code))
        if p.same_year:
            checked = checked or c.yearly
            for a in self.s.awards:
                if a.code != c.award_code or a.year != c.year:
                    continue
                if not c.yearly and a.award_type in (AwardType.AD_HOC, AwardType.CAMPAIGN):
                    continue  # an ad hoc or thematic award rewards another achievement
                if c.nomination_id is not None and a.nomination_id == c.nomination_id:
                    continue  # the award this very nomination produced
                if a.pending:
                    text = _("Already nominated for {award} for {year} (nomination #{id})").format(
                        award=c.award_name, year=c.year, id=a.nomination_id
                    )
                elif a.status is AwardStatus.VALID:
                    text = _("Already holds {award} for {year} ({decision})").format(
                        award=c.award_name, year=c.year, decision=a.decision or "?"
                    )
                else:
                    continue
                out.append(Reason(text, rule.citation, False, rule.code))
                break
        if out or not checked:
            return out
        text = _("The results judged ground no other award")
        return [Reason(text, rule.citation, True, rule.code)]

    def manual(self, rule: Rule, p: Manual) -> list[Reason]:
        text = _("To be confirmed: {text}").format(text=p.text)
        return [Reason(text, rule.citation, None, rule.code, informational=not p.decisive)]


_DISPATCH: dict[RuleKind, Callable[[_Judge, Rule, object], list[Reason]]] = {
    RuleKind.HISTORY_STREAK: _Judge.history_streak,  # type: ignore[dict-item]
    RuleKind.PREREQUISITE: _Judge.prerequisite,  # type: ignore[dict-item]
    RuleKind.RATING: _Judge.rating,  # type: ignore[dict-item]
    RuleKind.INITIATIVE: _Judge.initiative,  # type: ignore[dict-item]
    RuleKind.COMPOSITION: _Judge.composition,  # type: ignore[dict-item]
    RuleKind.DISCIPLINE_BLOCK: _Judge.discipline_block,  # type: ignore[dict-item]
    RuleKind.VOTE_THRESHOLD: _Judge.vote_threshold,  # type: ignore[dict-item]
    RuleKind.QUOTA: _Judge.quota,  # type: ignore[dict-item]
    RuleKind.SINGLE_GROUND: _Judge.single_ground,  # type: ignore[dict-item]
    RuleKind.MANUAL: _Judge.manual,  # type: ignore[dict-item]
}


def votes_needed(min_percent: object, council_size: int) -> int:
    """Ballots for needed out of all members: the smallest n with n/size ≥ min_percent (exact arithmetic)."""
    return math.ceil(Fraction(str(min_percent)) * council_size / 100)


def _decided(reasons: Sequence[Reason]) -> bool | None:
    outcome = outcome_of(reasons)
    return {"eligible": True, "not_eligible": False}.get(outcome.value)


def evaluate(rules: Sequence[Rule], subject: SubjectFacts, case: Case) -> Verdict:
    """Judge ``subject`` for ``case`` by ``rules`` (already resolved for the day, in reading order).

    ``rules`` may include the history_basis rule in force; it filters history and is cited when it
    leaves an award out. A case no rule governs needs a person's judgement.
    """
    basis = next((r for r in rules if r.kind is RuleKind.HISTORY_BASIS), None)
    judge = _Judge(subject, case, basis)
    reasons: list[Reason] = []
    groups: dict[str, list[tuple[Rule, list[Reason]]]] = {}
    order: list[tuple[Rule | None, str | None]] = []
    used: list[Rule] = []
    for rule in rules:
        fn = _DISPATCH.get(rule.kind)
        if fn is None:
            continue
        found = fn(judge, rule, rule.params)
        if not found:
            continue
        used.append(rule)
        if rule.any_of:
            if rule.any_of not in groups:
                groups[rule.any_of] = []
                order.append((None, rule.any_of))
            groups[rule.any_of].append((rule, found))
        else:
            order.append((rule, None))
            groups.setdefault(f"\0{rule.id}", []).append((rule, found))
    for rule, group in order:
        if rule is not None:
            reasons.extend(groups[f"\0{rule.id}"][0][1])
            continue
        assert group is not None
        members = groups[group]
        results = [_decided(found) for _rule, found in members]
        passed: bool | None = True if True in results else (None if None in results else False)
        if passed is True:
            text = _("Meets one of the alternatives below")
        elif passed is None:
            text = _("No alternative below is met for certain yet")
        else:
            text = _("Meets none of the alternatives below")
        citations = list(dict.fromkeys(r.citation for r, _found in members))
        reasons.append(Reason(text, citations[0], passed, group))
        for _rule, found in members:
            for r in found:
                reasons.append(Reason("– " + r.text, r.citation, r.passed, r.rule_code, informational=True))
    if basis is not None and any(r.citation == basis.citation for r in reasons):
        used.append(basis)
    if not used:
        text = _("No rule in force on {day} governs {award}; a person must judge it").format(
            day=fmt.day(case.on), award=case.award_name
        )
        reasons.append(Reason(text, "", None))
    return Verdict(
        outcome=outcome_of(reasons),
        reasons=tuple(reasons),
        rule_set=rule_set_label(used),
        subject_kind=subject.kind,
        subject_id=subject.id,
        subject_name=subject.name,
        award_code=case.award_code,
        award_name=case.award_name,
        on=case.on,
        year=case.year,
        nomination_id=case.nomination_id,
    )
