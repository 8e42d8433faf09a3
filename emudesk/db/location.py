"""Where a database file really is: its identity (one window per file) and whether it is on a share.

SQLite's locking relies on the operating system's file locks and, in WAL mode, on shared memory
beside the file; over SMB/CIFS, NFS, sshfs and the like those are missing or unreliable, and two
computers writing one file can damage it. The detection below is pure over a table of mounts (or a
drive-type function on Windows), so tests feed it fake ones; ``network_share`` reads the real ones.
"""

from __future__ import annotations

import ntpath
import os
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from emudesk.i18n import _

# File systems reached over a network (Linux /proc names; macOS ``mount`` names).
NETWORK_FS_TYPES = frozenset(
    {
        "cifs",
        "smb3",
        "smbfs",
        "smb",
        "nfs",
        "nfs4",
        "fuse.sshfs",
        "sshfs",
        "osxfuse",
        "macfuse",
        "9p",
        "afs",
        "ncpfs",
        "coda",
        "davfs",
        "fuse.davfs2",
        "webdav",
        "ceph",
        "fuse.ceph",
        "glusterfs",
        "fuse.glusterfs",
        "lustre",
        "gfs2",
        "ocfs2",
        "afpfs",
        "fuse.rclone",
    }
)

DRIVE_REMOTE = 4  # GetDriveTypeW: a mapped network drive


@dataclass(frozen=True)
class Mount:
    """One line of a mounts table: ``source`` mounted on ``point`` as ``fstype``."""

    source: str
    point: str
    fstype: str


@dataclass(frozen=True)
class Share:
    """A database folder on a network share.

    Attributes:
        where: the share as the user knows it (``\\\\server\\share``, ``Z:``, ``//server/share``).
        kind: what reaches it (``cifs``, ``nfs4``, a mapped network drive, ``UNC``).
    """

    where: str
    kind: str

    def describe(self) -> str:
        return f"{self.where} ({self.kind})"


_OCTAL = re.compile(r"\\([0-7]{3})")


def parse_proc_mounts(text: str) -> list[Mount]:
    """The lines of ``/proc/self/mounts`` (spaces in names are written ``\\040``)."""
    mounts = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) >= 3:
            source, point, fstype = (_OCTAL.sub(lambda m: chr(int(m.group(1), 8)), p) for p in parts[:3])
            mounts.append(Mount(source, point, fstype))
    return mounts


_BSD_LINE = re.compile(r"^(?P<source>.+?) on (?P<point>/.*?) \((?P<fstype>[^,)]+)")


def parse_bsd_mount_output(text: str) -> list[Mount]:
    """The output of macOS/BSD ``mount``: ``//user@server/share on /Volumes/share (smbfs, nodev)``."""
    mounts = []
    for line in text.splitlines():
        match = _BSD_LINE.match(line.strip())
        if match:
            mounts.append(Mount(match["source"], match["point"], match["fstype"].strip()))
    return mounts


def posix_share(path: str, mounts: Sequence[Mount]) -> Share | None:
    """The share holding ``path`` (absolute, resolved), by the longest mount point above it.

    A bind mount appears with the file system type of what it shows, so one of a local folder is
    local and one of an NFS folder is on the share.
    """
    best: Mount | None = None
    for mount in mounts:
        point = mount.point.rstrip("/") or "/"
        inside = point == "/" or path == point or path.startswith(point + "/")
        if inside and (best is None or len(point) > len(best.point.rstrip("/") or "/")):
            best = mount
    if best is None or best.fstype.lower() not in NETWORK_FS_TYPES:
        return None
    return Share(best.source, best.fstype)


def windows_share(path: str, drive_type: Callable[[str], int]) -> Share | None:
    """A UNC path, or a drive letter that ``drive_type`` (GetDriveTypeW) calls remote."""
    text = path.replace("/", "\\")
    if text.startswith(("\\\\?\\UNC\\", "\\\\.\\UNC\\")):
        rest = text[8:].split("\\")
        return Share("\\\\" + "\\".join(rest[:2]), "UNC")
    if text.startswith(("\\\\?\\", "\\\\.\\")):
        text = text[4:]  # \\?\C:\… is a local path written long
    elif text.startswith("\\\\"):
        drive = ntpath.splitdrive(text)[0]
        return Share(drive or text, "UNC")
    drive = ntpath.splitdrive(text)[0]
    if len(drive) == 2 and drive[1] == ":" and drive_type(drive + "\\") == DRIVE_REMOTE:
        return Share(drive.upper(), _("mapped network drive"))
    return None


def _windows_drive_type(root: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))  # type: ignore[attr-defined]


def _posix_mounts() -> list[Mount]:
    try:
        return parse_proc_mounts(Path("/proc/self/mounts").read_text(encoding="utf-8", errors="replace"))
    except OSError:
        pass
    if sys.platform == "darwin" or "bsd" in sys.platform:
        try:
            done = subprocess.run(["/sbin/mount"], capture_output=True, text=True, timeout=5, check=False)
        except (OSError, subprocess.SubprocessError):
            return []
        return parse_bsd_mount_output(done.stdout)
    return []


def mounts_table() -> list[Mount]:
    """The mounts of this computer (empty where they cannot be read)."""
    return _posix_mounts()


def real_path(path: str | Path) -> Path:
    """The path with links, ``..`` and the user's home resolved (the file need not exist)."""
    return Path(path).expanduser().resolve()


def file_identity(path: str | Path) -> str:
    """One text per file: the resolved path, case-folded where the file system ignores case (Windows)."""
    return os.path.normcase(str(real_path(path)))


def network_share(path: str | Path) -> Share | None:
    """The network share the database ``path`` is on, or None when it is on this computer's disks."""
    folder = real_path(path).parent
    if sys.platform == "win32":
        return windows_share(str(folder), _windows_drive_type)
    return posix_share(str(folder), mounts_table())


def read_only_reason(path: Path, share: Share) -> str:
    """Why a database on a share opens read-only, and the two ways out."""
    return _(
        "{path} is on a network share, {share}. SQLite's file locking is not safe over a network: "
        "two computers writing the file can damage it, so emudesk opens it read-only. Copy it to "
        "this computer (the “Copy to this computer…” button in the window, or "
        "`emudesk copy-local FILE --db {path}`), or keep data that several computers share on a "
        "PostgreSQL server."
    ).format(path=path, share=share.describe())


def cannot_prepare_reason(path: Path, share: Share) -> str:
    """A new or older database on a share: creating or upgrading it means writing it there."""
    return _(
        "{path} is on a network share, {share}, and emudesk would have to write to it to create "
        "or upgrade it. SQLite's file locking is not safe over a network. Copy the file to this "
        "computer first (`emudesk copy-local FILE --db {path}`), or use a PostgreSQL server."
    ).format(path=path, share=share.describe())
