"""A server login's password on the command line: the keyring's, else asked at the terminal.

A URL with a user but no password (``--db``, ``EMUDESK_DB`` or the settings, as the window keeps it)
is tried with the password the window kept in the system keyring, else as given: the server may
need none, and libpq reads ``PGPASSWORD`` and ``~/.pgpass`` itself. Only when the server then asks
for a password, and a person is at the terminal, is it asked for, as psql does; a run with no
terminal (a scheduled task, a pipe) gets the server's refusal in one line instead of waiting for
an answer nobody can give.
"""

from __future__ import annotations

import getpass
import sys
from collections.abc import Callable
from typing import TypeVar

from emudesk.i18n import _

T = TypeVar("T")
# Wrong passwords typed before the refusal is final (sudo's count).
TRIES = 3


def interactive() -> bool:
    """Whether a person can answer a question: standard input is a terminal."""
    stdin = sys.stdin
    return stdin is not None and stdin.isatty()


def signed_in(location: str, attempt: Callable[[str], T]) -> T:
    """``attempt(location)``, with the login's password added when the server asks for one.

    Raises:
        ServerConnectionError: the server refused the login, and no one could be asked (no
            terminal), or the password was wrong ``TRIES`` times, or the question was left (Ctrl+D).
    """
    from emudesk.domain.errors import ServerConnectionError
    from emudesk.services.core import credentials
    from emudesk.services.core.server_login import login_of, needs_sign_in, server_of, with_login

    if not needs_sign_in(location) or not login_of(location):
        return attempt(location)
    server, login = server_of(location), login_of(location)
    kept = credentials.load(server, login)
    tried = with_login(location, login, kept) if kept else location
    asked = 0
    while True:
        try:
            return attempt(tried)
        except ServerConnectionError as exc:
            if not exc.login_refused or asked == TRIES or not interactive():
                raise
            if asked:
                print(_("error: {message}").format(message=exc), file=sys.stderr)
            try:
                password = getpass.getpass(
                    _("Password for {login} on the server {server}: ").format(login=login, server=server)
                )
            except EOFError:
                print(file=sys.stderr)
                raise exc from None
            tried = with_login(location, login, password)
            asked += 1
