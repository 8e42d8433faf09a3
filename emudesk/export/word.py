"""Word documents from the office's .docx templates (docxtpl: Jinja placeholders in a .docx).

The templates ship in ``resources/templates`` (built by ``scripts/make_doc_templates.py``); an
office may replace any of them with its own edit, which the services keep in the database.
:func:`render_docx` fills one with a context of plain values and refuses a template it cannot
fill, naming the placeholder it trips on (a misspelt name, an unclosed ``{{``, a stray ``{%``).
:func:`check_template` renders a template against :data:`SAMPLES`, the placeholders each kind
of document offers, before an office's edit is accepted.

No database, no Qt: the services build the context, this renders it.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from emudesk.domain.errors import ValidationError
from emudesk.i18n import N_, _
from emudesk.paths import resources_dir

OWN_MARK = "emudesk"
_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
_OPEN = re.compile(r"\{\{|\{%")
_BLOCK_WORDS = frozenset(
    {
        "for",
        "endfor",
        "if",
        "elif",
        "else",
        "endif",
        "set",
        "endset",
        "with",
        "endwith",
        "filter",
        "endfilter",
    }
)


class TemplateKind(StrEnum):
    """The documents with a Word template; the values are the template files' names."""

    DECISION = "quyet-dinh-khen-thuong"
    SUBMISSION = "to-trinh-de-nghi"
    ACHIEVEMENT_REPORT = "bao-cao-thanh-tich"
    MINUTES = "bien-ban-hoi-dong"

    @property
    def label(self) -> str:
        return _(_LABELS[self])

    @property
    def filename(self) -> str:
        return f"{self.value}.docx"


_LABELS = {
    TemplateKind.DECISION: N_("Award decision (Quyết định khen thưởng)"),
    TemplateKind.SUBMISSION: N_("Submission for awards (Tờ trình đề nghị khen thưởng)"),
    TemplateKind.ACHIEVEMENT_REPORT: N_("Achievement report (Báo cáo thành tích)"),
    TemplateKind.MINUTES: N_("Council minutes (Biên bản họp Hội đồng)"),
}


def bundled_template(kind: TemplateKind) -> bytes:
    return (resources_dir() / "templates" / kind.filename).read_bytes()


# --- what each template may use ---------------------------------------------------------------------

_SIGNER = {"quyen_han": "TM. ỦY BAN NHÂN DÂN", "chuc_vu": "CHỦ TỊCH", "ho_ten": "Nguyễn Văn A"}
_HEADER = {
    "co_quan_chu_quan": "UBND TỈNH HƯNG YÊN",
    "co_quan_ban_hanh": "SỞ NỘI VỤ",
    "so_ky_hieu": "Số: 01/QĐ-UBND",
    "dia_danh_ngay": "Hưng Yên, ngày 05 tháng 01 năm 2026",
    "trich_yeu": "Về việc khen thưởng",
    "noi_nhan": ["Như Điều 3;", "Lưu: VT, SNV."],
    "ky": _SIGNER,
}
_LIST = {
    "co_quan": "ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN",
    "tieu_de": "Cá nhân được khen thưởng",
    "tham_chieu": "(Kèm theo Quyết định số 01/QĐ-UBND ngày 05 tháng 01 năm 2026 của Chủ tịch UBND tỉnh)",
    "dong": [
        {"heading": "I. BẰNG KHEN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH"},
        {
            "heading": "",
            "stt": "1",
            "name": "Nguyễn Văn A",
            "where": "Chuyên viên, Sở Nội vụ",
            "form": "Bằng khen",
            "book": "01",
            "amount": "2.810.000",
            "summary": "",
            "proposer": "",
            "yes": "",
            "members": "",
            "share": "",
            "passed": "",
            "conclusion": "",
            "sex": "",
            "born": "",
        },
    ],
    "tong_tien": "2.810.000",
    "tong_so": "Tổng số: 01 cá nhân.",
}

SAMPLES: dict[TemplateKind, dict[str, Any]] = {
    TemplateKind.DECISION: {
        **_HEADER,
        "tham_quyen": "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN",
        "can_cu": ["Căn cứ Luật Thi đua, khen thưởng;", "Theo đề nghị của Giám đốc Sở Nội vụ."],
        "hinh_thuc": "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh",
        "doi_tuong": "01 cá nhân",
        "thanh_tich": "đã có thành tích xuất sắc",
        "co_tien": True,
        "tong_tien": "2.810.000",
        "tong_tien_chu": "Hai triệu tám trăm mười nghìn đồng",
        "nguon_kinh_phi": "Quỹ Thi đua, khen thưởng",
        "thi_hanh": "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ",
        "so_quyet_dinh": "01/QĐ-UBND",
        "ngay_quyet_dinh": "05/01/2026",
        "danh_sach": _LIST,
    },
    TemplateKind.SUBMISSION: {
        **_HEADER,
        "co_quan_ban_hanh_ten": "Sở Nội vụ",
        "kinh_gui": "Ủy ban nhân dân tỉnh Hưng Yên",
        "can_cu": ["Căn cứ Luật Thi đua, khen thưởng;"],
        "ket_qua": "Qua bình xét, Hội đồng Thi đua - Khen thưởng đề nghị khen thưởng 01 cá nhân.",
        "de_nghi": "tặng Bằng khen",
        "doi_tuong": "01 cá nhân",
        "danh_sach": _LIST,
    },
    TemplateKind.ACHIEVEMENT_REPORT: {
        **_HEADER,
        "ho_ten": "Nguyễn Văn A",
        "ly_lich": [{"nhan": "Họ và tên", "gia_tri": "Nguyễn Văn A"}],
        "nhiem_vu": "Chuyên viên",
        "thanh_tich": ["Hoàn thành xuất sắc nhiệm vụ."],
        "xep_loai": [{"nam": 2025, "muc": "Hoàn thành xuất sắc nhiệm vụ"}],
        "danh_hieu": [{"year": 2024, "name": "Chiến sĩ thi đua cơ sở", "ref": "Quyết định số 01/QĐ-SNV"}],
        "hinh_thuc": [{"year": 2023, "name": "Giấy khen", "ref": "Quyết định số 02/QĐ-SNV"}],
        "xac_nhan": {"quyen_han": "", "chuc_vu": "THỦ TRƯỞNG ĐƠN VỊ", "ho_ten": ""},
    },
    TemplateKind.MINUTES: {
        **_HEADER,
        "ngay_hop": "ngày 12 tháng 01 năm 2026",
        "gio_bat_dau": "08 giờ 00 phút",
        "ngay_bat_dau": "12/01/2026",
        "gio_ket_thuc": "11 giờ 00 phút",
        "ngay_ket_thuc": "12/01/2026",
        "noi_dung": ["Hôm nay, Hội đồng tiến hành phiên họp."],
        "ket_luan": ["Biên bản được thông qua tại phiên họp."],
        "thu_ky": {"quyen_han": "", "chuc_vu": "THƯ KÝ", "ho_ten": "Trần Thị B"},
        "danh_sach": _LIST,
    },
}


def placeholders(kind: TemplateKind) -> list[str]:
    """The names a template of ``kind`` may use ("danh_sach.dong" for a list's rows)."""
    out: list[str] = []

    def walk(prefix: str, value: object) -> None:
        if isinstance(value, Mapping):
            for key, item in value.items():
                walk(f"{prefix}.{key}" if prefix else str(key), item)
        elif isinstance(value, list) and value and isinstance(value[0], Mapping):
            out.append(prefix)
            for key in value[0]:
                out.append(f"{prefix}[].{key}")
        else:
            out.append(prefix)

    walk("", SAMPLES[kind])
    return out


# --- rendering ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TemplateProblem:
    placeholder: str
    reason: str


def render_docx(template: bytes, context: Mapping[str, Any], *, name: str = "") -> bytes:
    """Fill a .docx template; the result marked as emudesk's own (so it may be replaced later).

    Raises:
        ValidationError: the file is not a .docx, or a placeholder cannot be filled; the message
            names the placeholder.
    """
    import jinja2
    from docxtpl import DocxTemplate

    label = name or _("the template")
    if not zipfile.is_zipfile(io.BytesIO(template)):
        raise ValidationError(_("“{name}” is not a Word document (.docx).").format(name=label))
    try:
        tpl = DocxTemplate(io.BytesIO(template))
        tpl.render_init()
    except Exception as exc:  # python-docx: a zip without a document part, broken XML
        raise ValidationError(_("“{name}” is not a Word document (.docx).").format(name=label)) from exc
    env = jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)
    try:
        tpl.render(dict(context), jinja_env=env)
    except jinja2.TemplateError as exc:
        problem = _diagnose(tpl, exc)
        raise ValidationError(_problem_message(label, problem)) from exc
    except (TypeError, ValueError, AttributeError, KeyError) as exc:
        raise ValidationError(
            _("The template “{name}” cannot be used: {reason}.").format(name=label, reason=exc)
        ) from exc
    props = tpl.docx.core_properties
    props.last_modified_by = OWN_MARK
    props.modified = datetime.now().replace(microsecond=0)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def check_template(kind: TemplateKind, template: bytes, *, name: str = "") -> None:
    """Raise ValidationError unless ``template`` fills with the sample values of ``kind``."""
    render_docx(template, SAMPLES[kind], name=name)


def _problem_message(label: str, problem: TemplateProblem) -> str:
    if problem.reason == "unknown":
        return _(
            "The template “{name}” cannot be used: the placeholder {placeholder} names nothing emudesk "
            "fills in. Check its spelling against the list of placeholders."
        ).format(name=label, placeholder=problem.placeholder)
    if problem.reason == "unclosed":
        return _(
            "The template “{name}” cannot be used: the placeholder {placeholder} is not closed "
            "(“}}}}” or “%}}” is missing)."
        ).format(name=label, placeholder=problem.placeholder)
    return _(
        "The template “{name}” cannot be used: the placeholder {placeholder} is not valid ({reason})."
    ).format(name=label, placeholder=problem.placeholder, reason=problem.reason)


def _texts(tpl: Any) -> Iterator[str]:
    """The text of every paragraph of the template (body, tables, headers and footers)."""
    from docx.text.paragraph import Paragraph

    parts = [tpl.docx.element.body]
    for section in tpl.docx.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            parts.append(part._element)
    for root in parts:
        for p in root.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"):
            yield Paragraph(p, None).text  # type: ignore[arg-type]


_UNDEFINED = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'")


def _diagnose(tpl: Any, exc: Exception) -> TemplateProblem:
    """The placeholder behind a Jinja error, as the office typed it."""
    import jinja2

    texts = list(_texts(tpl))
    if isinstance(exc, jinja2.UndefinedError):
        m = _UNDEFINED.search(str(exc))
        name = (m.group(1) or m.group(2)) if m else ""
        for text in texts:
            for tag in _TAG.findall(text):
                if name and re.search(rf"\b{re.escape(name)}\b", tag):
                    return TemplateProblem(tag, "unknown")
        return TemplateProblem("{{ " + name + " }}" if name else str(exc), "unknown")
    env = jinja2.Environment()
    for text in texts:
        rest = _TAG.sub("", text)
        opened = _OPEN.search(rest)
        if opened:
            return TemplateProblem(rest[opened.start() :].strip()[:60], "unclosed")
        for tag in _TAG.findall(text):
            if tag.startswith("{{"):
                try:
                    env.parse(tag)
                except jinja2.TemplateSyntaxError as inner:
                    return TemplateProblem(tag, inner.message or str(inner))
            elif tag.startswith("{%"):
                words = re.sub(r"^\{%-?\s*(?:p|tr|tc|r)?\s+", "", tag + " ").split()
                if not words or words[0] not in _BLOCK_WORDS:
                    return TemplateProblem(tag, getattr(exc, "message", None) or str(exc))
    return TemplateProblem(_("(unknown)"), getattr(exc, "message", None) or str(exc))
