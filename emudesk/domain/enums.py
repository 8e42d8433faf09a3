"""Closed lists of the domain, with Vietnamese labels through gettext."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from emudesk.i18n import N_, _

# Keyed by (enum class, value): members of different enums with the same value ("approved",
# "campaign", "returned") compare and hash equal as strings, so a table keyed by members mixes them.
_LABELS: dict[tuple[type, str], str] = {}


def register_labels(pairs: Iterable[tuple[StrEnum, str]]) -> None:
    """Record the N_() label of each enum member (enums elsewhere register theirs next to them)."""
    for member, label in pairs:
        _LABELS[(type(member), member.value)] = label


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry a translatable label (see ``register_labels``)."""

    @property
    def label(self) -> str:
        return _(_LABELS[(type(self), self.value)])

    @classmethod
    def parse(cls, value: str) -> LabelledEnum | None:
        """Accept a member value or its label in any case (for CLI and imports)."""
        from emudesk.domain.text import fold

        wanted = fold(value)
        for member in cls:
            if wanted in (fold(member.value), fold(member.label), fold(_LABELS[(cls, member.value)])):
                return member
        return None


class SubjectKind(LabelledEnum):
    UNIT = "unit"
    INDIVIDUAL = "individual"
    HOUSEHOLD = "household"


class Gender(LabelledEnum):
    MALE = "male"
    FEMALE = "female"
    OTHER = "other"


class Rating(LabelledEnum):
    """Annual assessment of an official or a collective (xếp loại chất lượng)."""

    EXCELLENT = "htxsnv"  # hoàn thành xuất sắc nhiệm vụ
    GOOD = "httnv"  # hoàn thành tốt nhiệm vụ
    COMPLETED = "htnv"  # hoàn thành nhiệm vụ
    NOT_COMPLETED = "khtnv"  # không hoàn thành nhiệm vụ


class AwardCategory(LabelledEnum):
    TITLE = "title"  # danh hiệu thi đua
    FORM = "form"  # hình thức khen thưởng
    HONORARY = "honorary"  # danh hiệu vinh dự Nhà nước (Anh hùng Lao động, Anh hùng LLVTND…)


class AwardLevel(LabelledEnum):
    GRASSROOTS = "grassroots"  # cơ sở
    PROVINCE = "province"  # bộ, ban, ngành, tỉnh
    STATE = "state"  # nhà nước


class AwardType(LabelledEnum):
    """Loại hình khen thưởng (Luật TĐKT 2022 Điều 8; TT 02/2023 adds kháng chiến)."""

    MERIT = "merit"  # công trạng
    AD_HOC = "ad_hoc"  # đột xuất
    CAMPAIGN = "campaign"  # phong trào thi đua / chuyên đề
    CAREER = "career"  # quá trình cống hiến
    SERVICE_LENGTH = "service_length"  # niên hạn
    FOREIGN = "foreign"  # đối ngoại
    RESISTANCE = "resistance"  # kháng chiến


class CampaignKind(LabelledEnum):
    REGULAR = "regular"  # thường xuyên
    THEMATIC = "thematic"  # chuyên đề / theo đợt


class CampaignStatus(LabelledEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    CLOSED = "closed"


class MilestoneKind(LabelledEnum):
    LAUNCH = "launch"  # phát động, ban hành kế hoạch
    INTERIM_REVIEW = "interim_review"  # sơ kết
    FINAL_REVIEW = "final_review"  # tổng kết
    REPORT_DUE = "report_due"  # hạn báo cáo
    NOMINATION_DUE = "nomination_due"  # hạn nộp hồ sơ đề nghị
    OTHER = "other"


class Recurrence(LabelledEnum):
    NONE = "none"
    YEARLY = "yearly"


class QuotaKind(LabelledEnum):
    COUNT = "count"  # "không quá 01 cá nhân"
    RATIO = "ratio"  # "không quá 15 % số LĐTT"
    PRIORITY = "priority"  # "ưu tiên tập thể nhỏ": a note shown to reviewers, never blocking


class QuotaScope(LabelledEnum):
    CAMPAIGN = "campaign"  # counted over the whole campaign
    PROPOSING_UNIT = "proposing_unit"  # counted per proposing unit


class NominationStatus(LabelledEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    APPRAISED = "appraised"
    VOTED = "voted"
    APPROVED = "approved"
    REJECTED = "rejected"
    RETURNED = "returned"
    WITHDRAWN = "withdrawn"


class AwardStatus(LabelledEnum):
    VALID = "valid"
    REVOKED = "revoked"  # thu hồi (Luật Điều 93)
    ANNULLED = "annulled"  # hủy bỏ


class RecordSource(LabelledEnum):
    ENTERED = "entered"
    IMPORTED = "imported"
    APPROVAL = "approval"
    DEMO = "demo"


class LinkKind(LabelledEnum):
    """How a unit's successor relates to it (2025 reform: mergers of provinces and communes)."""

    MERGE = "merge"
    SPLIT = "split"
    RENAME = "rename"
    TRANSFER = "transfer"


class DisciplineKind(LabelledEnum):
    DISCIPLINE = "discipline"  # kỷ luật đã quyết định
    UNDER_REVIEW = "under_review"  # đang xem xét kỷ luật
    INVESTIGATION = "investigation"  # đang bị điều tra, thanh tra
    COMPLAINT = "complaint"  # có đơn khiếu nại, tố cáo đang xác minh


class DisciplineForm(LabelledEnum):
    REPRIMAND = "reprimand"  # khiển trách
    WARNING = "warning"  # cảnh cáo
    SALARY_DOWNGRADE = "salary_downgrade"  # hạ bậc lương
    DEMOTION = "demotion"  # giáng chức
    DISMISSAL_FROM_POST = "dismissal_from_post"  # cách chức
    DISMISSAL = "dismissal"  # buộc thôi việc

    @property
    def severity(self) -> int:
        return list(DisciplineForm).index(self) + 1


class AuditAction(LabelledEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"


register_labels(
    [
        (SubjectKind.UNIT, N_("Collective")),
        (SubjectKind.INDIVIDUAL, N_("Individual")),
        (SubjectKind.HOUSEHOLD, N_("Household")),
        (Gender.MALE, N_("Male")),
        (Gender.FEMALE, N_("Female")),
        (Gender.OTHER, N_("Other")),
        (Rating.EXCELLENT, N_("Excellently completed duties")),
        (Rating.GOOD, N_("Well completed duties")),
        (Rating.COMPLETED, N_("Completed duties")),
        (Rating.NOT_COMPLETED, N_("Did not complete duties")),
        (AwardCategory.TITLE, N_("Emulation title")),
        (AwardCategory.FORM, N_("Form of commendation")),
        (AwardCategory.HONORARY, N_("State honorary title")),
        (AwardLevel.GRASSROOTS, N_("Grassroots")),
        (AwardLevel.PROVINCE, N_("Ministry or province")),
        (AwardLevel.STATE, N_("State")),
        (AwardType.MERIT, N_("Merit")),
        (AwardType.AD_HOC, N_("Ad hoc")),
        (AwardType.CAMPAIGN, N_("Campaign or thematic")),
        (AwardType.CAREER, N_("Career contribution")),
        (AwardType.SERVICE_LENGTH, N_("Length of service")),
        (AwardType.FOREIGN, N_("Foreign affairs")),
        (AwardType.RESISTANCE, N_("Resistance war")),
        (CampaignKind.REGULAR, N_("Regular")),
        (CampaignKind.THEMATIC, N_("Thematic")),
        (CampaignStatus.DRAFT, N_("Draft")),
        (CampaignStatus.ACTIVE, N_("Active")),
        (CampaignStatus.CLOSED, N_("Closed")),
        (MilestoneKind.LAUNCH, N_("Launch")),
        (MilestoneKind.INTERIM_REVIEW, N_("Interim review")),
        (MilestoneKind.FINAL_REVIEW, N_("Final review")),
        (MilestoneKind.REPORT_DUE, N_("Report due")),
        (MilestoneKind.NOMINATION_DUE, N_("Nominations due")),
        (MilestoneKind.OTHER, N_("Other")),
        (Recurrence.NONE, N_("Once")),
        (Recurrence.YEARLY, N_("Every year")),
        (QuotaKind.COUNT, N_("Count cap")),
        (QuotaKind.RATIO, N_("Ratio cap")),
        (QuotaKind.PRIORITY, N_("Priority note")),
        (QuotaScope.CAMPAIGN, N_("Whole campaign")),
        (QuotaScope.PROPOSING_UNIT, N_("Per proposing unit")),
        (NominationStatus.DRAFT, N_("Draft")),
        (NominationStatus.SUBMITTED, N_("Submitted")),
        (NominationStatus.APPRAISED, N_("Appraised")),
        (NominationStatus.VOTED, N_("Voted")),
        (NominationStatus.APPROVED, N_("Approved")),
        (NominationStatus.REJECTED, N_("Rejected")),
        (NominationStatus.RETURNED, N_("Returned")),
        (NominationStatus.WITHDRAWN, N_("Withdrawn")),
        (AwardStatus.VALID, N_("Valid")),
        (AwardStatus.REVOKED, N_("Revoked")),
        (AwardStatus.ANNULLED, N_("Annulled")),
        (RecordSource.ENTERED, N_("Entered")),
        (RecordSource.IMPORTED, N_("Imported")),
        (RecordSource.APPROVAL, N_("From approval")),
        (RecordSource.DEMO, N_("Demo")),
        (LinkKind.MERGE, N_("Merger")),
        (LinkKind.SPLIT, N_("Split")),
        (LinkKind.RENAME, N_("Rename")),
        (LinkKind.TRANSFER, N_("Transfer")),
        (DisciplineKind.DISCIPLINE, N_("Disciplined")),
        (DisciplineKind.UNDER_REVIEW, N_("Discipline under review")),
        (DisciplineKind.INVESTIGATION, N_("Under investigation")),
        (DisciplineKind.COMPLAINT, N_("Complaint being verified")),
        (DisciplineForm.REPRIMAND, N_("Reprimand")),
        (DisciplineForm.WARNING, N_("Warning")),
        (DisciplineForm.SALARY_DOWNGRADE, N_("Salary downgrade")),
        (DisciplineForm.DEMOTION, N_("Demotion")),
        (DisciplineForm.DISMISSAL_FROM_POST, N_("Removal from post")),
        (DisciplineForm.DISMISSAL, N_("Dismissal")),
        (AuditAction.CREATE, N_("Created")),
        (AuditAction.UPDATE, N_("Updated")),
        (AuditAction.DELETE, N_("Deleted")),
    ]
)
