"""Passwords for server logins: in the operating system's keyring, or nowhere.

``keyring`` picks the system's store (Windows Credential Manager, macOS Keychain, the Secret
Service on Linux). Where there is none it falls back to a backend that refuses (``fail``), or,
if someone installed ``keyrings.alt``, to files; neither is a safe place, so then emudesk keeps
no password at all and asks for it each time.
"""

from __future__ import annotations

import logging

log = logging.getLogger("emudesk")
SERVICE = "emudesk"


def _backend() -> object | None:
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:  # a build without it: nothing is kept
        return None
    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or type(backend).__module__.startswith(
        ("keyrings.alt", "keyring.backends.null")
    ):
        return None
    return backend


def available() -> bool:
    """Whether a password can be kept safely on this computer."""
    return _backend() is not None


def key(server: str, login: str) -> str:
    return f"{login}@{server}"


def load(server: str, login: str) -> str | None:
    backend = _backend()
    if backend is None:
        return None
    try:
        value = backend.get_password(SERVICE, key(server, login))  # type: ignore[attr-defined]
    except Exception as exc:  # a locked or broken keyring must not stop the sign-in
        log.warning("keyring read failed: %s", exc)
        return None
    return str(value) if value else None


def save(server: str, login: str, password: str) -> bool:
    backend = _backend()
    if backend is None:
        return False
    try:
        backend.set_password(SERVICE, key(server, login), password)  # type: ignore[attr-defined]
    except Exception as exc:
        log.warning("keyring write failed: %s", exc)
        return False
    return True


def forget(server: str, login: str) -> None:
    backend = _backend()
    if backend is None:
        return
    try:
        backend.delete_password(SERVICE, key(server, login))  # type: ignore[attr-defined]
    except Exception:  # nothing kept: nothing to forget
        return
