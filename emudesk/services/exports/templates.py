"""The office's own Word templates: kept in the database settings, so they travel with a backup
or a transfer, and used by the next export in place of the bundled ones.

A template is accepted only if it fills with the sample values of its kind (``export.word``);
a broken one is refused with the placeholder it trips on, and the one in use stays. The file is
kept base64-encoded in pieces under ``template.<kind>`` (a settings value is JSON, each string
of it at most 20,000 characters).
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from emudesk.domain.errors import ValidationError
from emudesk.export.word import TemplateKind, bundled_template, check_template
from emudesk.i18n import _
from emudesk.services.core.store import delete_setting, get_setting, set_setting

_PREFIX = "template."
_CHUNK = 16_000
MAX_BYTES = 5_000_000  # a letter-size template with a logo is a few hundred KB


def setting_key(kind: TemplateKind) -> str:
    return _PREFIX + kind.value


@dataclass(frozen=True)
class TemplateInfo:
    """One document's template as the Danh mục › Mẫu văn bản list shows it."""

    kind: TemplateKind
    label: str
    custom: bool
    file_name: str = ""
    saved_at: str = ""
    size: int = 0


def template_bytes(session: Session, kind: TemplateKind) -> tuple[bytes, bool]:
    """The template the next export uses, and whether it is the office's own."""
    value = get_setting(session, setting_key(kind))
    if isinstance(value, dict) and isinstance(value.get("data"), list):
        try:
            return base64.b64decode("".join(value["data"]), validate=True), True
        except ValueError:
            pass  # a damaged setting: fall back to the bundled template rather than print nothing
    return bundled_template(kind), False


def list_templates(session: Session) -> list[TemplateInfo]:
    out = []
    for kind in TemplateKind:
        value = get_setting(session, setting_key(kind))
        if isinstance(value, dict) and value.get("data"):
            out.append(
                TemplateInfo(
                    kind,
                    kind.label,
                    True,
                    str(value.get("name") or ""),
                    str(value.get("saved_at") or ""),
                    int(value.get("size") or 0),
                )
            )
        else:
            out.append(TemplateInfo(kind, kind.label, False))
    return out


def save_template(session: Session, kind: TemplateKind, data: bytes, *, name: str = "") -> TemplateInfo:
    """Check ``data`` and keep it as the office's template of ``kind``.

    Raises:
        ValidationError: not a .docx, too large, or a placeholder it cannot fill (named).
    """
    label = name or kind.filename
    if len(data) > MAX_BYTES:
        raise ValidationError(
            _("“{name}” is larger than {size} MB; a template should be a few hundred KB.").format(
                name=label, size=MAX_BYTES // 1_000_000
            )
        )
    check_template(kind, data, name=label)
    text = base64.b64encode(data).decode("ascii")
    saved = datetime.now().replace(microsecond=0).isoformat(sep=" ")
    set_setting(
        session,
        setting_key(kind),
        {
            "name": name,
            "saved_at": saved,
            "size": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "data": [text[i : i + _CHUNK] for i in range(0, len(text), _CHUNK)],
        },
    )
    return TemplateInfo(kind, kind.label, True, name, saved, len(data))


def reset_template(session: Session, kind: TemplateKind) -> None:
    """Back to the bundled template ("Khôi phục mẫu gốc")."""
    delete_setting(session, setting_key(kind))
