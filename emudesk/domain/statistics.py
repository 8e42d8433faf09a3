"""What the TT 02/2023/TT-BNV statistical forms count, and how a record falls into their rows.

Biểu 0602/0603 split awards by recipient (tập thể, of which doanh nghiệp; hộ gia đình; cá nhân by
leader level, doanh nhân, người trực tiếp lao động) and by method (thường xuyên, chuyên đề, đột
xuất, đối ngoại, cống hiến, niên hạn, kháng chiến); Biểu 0601 splits campaigns by organising
level, scope, duration and method. The row wording follows the forms as LIFESOFT transcribes them
(see docs/statistics.md); the official text of TT 02/2023 was not available, so the keyword
tables below are data an office can check, not law.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from emudesk.domain.enums import AwardType, CampaignKind, LabelledEnum, SubjectKind, register_labels
from emudesk.domain.text import fold
from emudesk.i18n import N_


class RecipientCategory(LabelledEnum):
    """Phân loại đối tượng khen thưởng (Biểu 0602, 0603)."""

    COLLECTIVE = "collective"  # tập thể
    ENTERPRISE = "enterprise"  # tập thể là doanh nghiệp ("trong đó: doanh nghiệp")
    HOUSEHOLD = "household"  # hộ gia đình
    LEADER_CENTRAL = "leader_central"  # lãnh đạo cấp bộ, cấp tỉnh và tương đương trở lên
    LEADER_DEPARTMENT = "leader_department"  # lãnh đạo cấp vụ, sở, ngành và tương đương
    ENTREPRENEUR = "entrepreneur"  # doanh nhân
    LEADER_OTHER = "leader_other"  # các cấp lãnh đạo khác từ phó phòng trở lên
    WORKER = "worker"  # người trực tiếp công tác, lao động, học tập, chiến đấu…


INDIVIDUAL_CATEGORIES = (
    RecipientCategory.LEADER_CENTRAL,
    RecipientCategory.LEADER_DEPARTMENT,
    RecipientCategory.ENTREPRENEUR,
    RecipientCategory.LEADER_OTHER,
    RecipientCategory.WORKER,
)
UNIT_CATEGORIES = (RecipientCategory.COLLECTIVE, RecipientCategory.ENTERPRISE)


def categories_for(kind: SubjectKind) -> tuple[RecipientCategory, ...]:
    """The categories a subject of this kind may be put in."""
    if kind is SubjectKind.INDIVIDUAL:
        return INDIVIDUAL_CATEGORIES
    if kind is SubjectKind.UNIT:
        return UNIT_CATEGORIES
    return (RecipientCategory.HOUSEHOLD,)


class AwardMethod(LabelledEnum):
    """Phương thức khen thưởng, the rows "3. Chia theo phương thức khen thưởng"."""

    REGULAR = "regular"  # thường xuyên
    THEMATIC = "thematic"  # chuyên đề
    AD_HOC = "ad_hoc"  # đột xuất
    FOREIGN = "foreign"  # đối ngoại
    CAREER = "career"  # cống hiến
    SERVICE_LENGTH = "service_length"  # niên hạn
    RESISTANCE = "resistance"  # kháng chiến


class CampaignLevel(LabelledEnum):
    """Cấp chủ trì phát động thi đua (Biểu 0601 columns)."""

    CENTRAL = "central"  # cấp Trung ương (Hội đồng TĐKT Trung ương)
    MINISTRY_PROVINCE = "ministry_province"  # bộ, ban, ngành, đoàn thể TW, tỉnh, thành phố
    AGENCY = "agency"  # cơ quan, tổ chức, đơn vị


class CampaignScope(LabelledEnum):
    """Phạm vi tổ chức thi đua (Biểu 0601 rows; Luật TĐKT Điều 16)."""

    NATIONAL = "national"  # toàn quốc
    SECTOR_LOCAL = "sector_local"  # bộ, ban, ngành, đoàn thể, địa phương
    CLUSTER = "cluster"  # cụm, khối thi đua do Hội đồng TĐKT các cấp tổ chức
    AGENCY = "agency"  # cơ quan, tổ chức, đơn vị


class Duration(LabelledEnum):
    """Thời hạn thi đua (Biểu 0601 rows)."""

    UNDER_ONE = "under_one"
    ONE = "one"
    ONE_TO_THREE = "one_to_three"
    THREE_TO_FIVE = "three_to_five"
    FIVE_PLUS = "five_plus"


register_labels(
    [
        (RecipientCategory.COLLECTIVE, N_("Collective")),
        (RecipientCategory.ENTERPRISE, N_("Collective: enterprise")),
        (RecipientCategory.HOUSEHOLD, N_("Household")),
        (RecipientCategory.LEADER_CENTRAL, N_("Leader of a ministry or province and above")),
        (RecipientCategory.LEADER_DEPARTMENT, N_("Leader of a department (vụ, sở, ngành)")),
        (RecipientCategory.ENTREPRENEUR, N_("Entrepreneur")),
        (RecipientCategory.LEADER_OTHER, N_("Other leader, deputy head of division and above")),
        (RecipientCategory.WORKER, N_("Direct worker")),
        (AwardMethod.REGULAR, N_("Regular")),
        (AwardMethod.THEMATIC, N_("Thematic")),
        (AwardMethod.AD_HOC, N_("Ad hoc")),
        (AwardMethod.FOREIGN, N_("Foreign affairs")),
        (AwardMethod.CAREER, N_("Career contribution")),
        (AwardMethod.SERVICE_LENGTH, N_("Length of service")),
        (AwardMethod.RESISTANCE, N_("Resistance war")),
        (CampaignLevel.CENTRAL, N_("Central")),
        (CampaignLevel.MINISTRY_PROVINCE, N_("Ministry, sector or province")),
        (CampaignLevel.AGENCY, N_("Agency or unit")),
        (CampaignScope.NATIONAL, N_("Nationwide")),
        (CampaignScope.SECTOR_LOCAL, N_("Ministry, sector or locality")),
        (CampaignScope.CLUSTER, N_("Emulation cluster or bloc")),
        (CampaignScope.AGENCY, N_("Agency or unit")),
        (Duration.UNDER_ONE, N_("Under 1 year")),
        (Duration.ONE, N_("1 year")),
        (Duration.ONE_TO_THREE, N_("1 to under 3 years")),
        (Duration.THREE_TO_FIVE, N_("3 to under 5 years")),
        (Duration.FIVE_PLUS, N_("5 years or more")),
    ]
)

# Position keywords -> category, first match wins (a deputy, "phó giám đốc sở", is listed with the
# head). Unconfirmed against TT 02/2023's guidance, so they are data: the "position_rules" of the
# statistics layout (domain/statistics_layout.py), which an office may correct.
PositionRuleList = Sequence[tuple[tuple[str, ...], RecipientCategory]]

ENTERPRISE_UNIT_KINDS = frozenset({"doanh_nghiep", "hop_tac_xa"})


def category_from_position(
    position: str | None, rules: PositionRuleList, *, in_enterprise: bool = False
) -> RecipientCategory | None:
    """The category a person's position suggests by ``rules`` (folded words, matched as whole words
    at the start of the position); None when there is no position to judge by.

    A position that names no leading post is a direct worker's. The head of an enterprise
    ("Giám đốc" of a doanh nghiệp) is an entrepreneur.
    """
    text = fold(position or "").strip()
    if not text:
        return None
    for words, category in rules:
        if any(text == w or text.startswith(w + " ") for w in words):
            if in_enterprise and category is not RecipientCategory.LEADER_CENTRAL:
                return RecipientCategory.ENTREPRENEUR
            return category
    return RecipientCategory.WORKER


def default_category(
    kind: SubjectKind,
    rules: PositionRuleList,
    *,
    position: str | None = None,
    unit_kind_code: str | None = None,
) -> RecipientCategory | None:
    """The category a record gets when nobody chose one; None when the register cannot tell."""
    if kind is SubjectKind.HOUSEHOLD:
        return RecipientCategory.HOUSEHOLD
    if kind is SubjectKind.UNIT:
        if unit_kind_code is None:
            return RecipientCategory.COLLECTIVE
        enterprise = unit_kind_code in ENTERPRISE_UNIT_KINDS
        return RecipientCategory.ENTERPRISE if enterprise else RecipientCategory.COLLECTIVE
    return category_from_position(position, rules, in_enterprise=unit_kind_code in ENTERPRISE_UNIT_KINDS)


def award_method(award_type: AwardType, campaign_kind: CampaignKind | None) -> AwardMethod:
    """The method an award counts under: a campaign award is thematic unless its campaign is regular."""
    if award_type is AwardType.CAMPAIGN:
        return AwardMethod.REGULAR if campaign_kind is CampaignKind.REGULAR else AwardMethod.THEMATIC
    return {
        AwardType.MERIT: AwardMethod.REGULAR,
        AwardType.AD_HOC: AwardMethod.AD_HOC,
        AwardType.CAREER: AwardMethod.CAREER,
        AwardType.SERVICE_LENGTH: AwardMethod.SERVICE_LENGTH,
        AwardType.FOREIGN: AwardMethod.FOREIGN,
        AwardType.RESISTANCE: AwardMethod.RESISTANCE,
    }[award_type]


def campaign_level(issuing_body: str) -> CampaignLevel:
    """The organising level a plan's issuing body suggests."""
    text = fold(issuing_body)
    if any(w in text for w in ("thu tuong", "chinh phu", "trung uong")) and "tinh" not in text:
        return CampaignLevel.CENTRAL
    if any(w in text for w in ("uy ban nhan dan tinh", "ubnd tinh", "bo ", "thanh pho truc thuoc")):
        return CampaignLevel.MINISTRY_PROVINCE
    return CampaignLevel.AGENCY


def campaign_scope(title: str, level: CampaignLevel) -> CampaignScope:
    """The scope a plan's title and level suggest."""
    text = fold(title)
    if "cum thi dua" in text or "khoi thi dua" in text:
        return CampaignScope.CLUSTER
    if "toan quoc" in text or level is CampaignLevel.CENTRAL:
        return CampaignScope.NATIONAL
    if level is CampaignLevel.MINISTRY_PROVINCE:
        return CampaignScope.SECTOR_LOCAL
    return CampaignScope.AGENCY


def duration(start: date | None, end: date | None) -> Duration | None:
    """The duration band of a campaign running ``start``..``end`` (both days included)."""
    if start is None or end is None or end < start:
        return None
    months = (end.year - start.year) * 12 + end.month - start.month + (1 if end.day >= start.day - 1 else 0)
    if months < 12:
        return Duration.UNDER_ONE
    if months == 12:
        return Duration.ONE
    if months < 36:
        return Duration.ONE_TO_THREE
    if months < 60:
        return Duration.THREE_TO_FIVE
    return Duration.FIVE_PLUS
