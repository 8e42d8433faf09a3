"""The Windows installer's script, read as text (Inno Setup cannot run here; the Windows workflow
.github/workflows/windows-installer.yml compiles and runs it on a Windows runner)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = ROOT / "packaging" / "windows"
ISS = WINDOWS / "emudesk.iss"


def sections(text: str) -> dict[str, list[str]]:
    """Each [Section]'s lines, without comments, preprocessor lines and blanks."""
    found: dict[str, list[str]] = {}
    current = ""
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith((";", "#")):
            continue
        heading = re.fullmatch(r"\[(\w+)\]", line)
        if heading:
            current = heading.group(1)
            found.setdefault(current, [])
        else:
            found.setdefault(current, []).append(line)
    return found


def settings(lines: list[str]) -> dict[str, str]:
    return dict(line.split("=", 1) for line in lines if "=" in line and not line.startswith("Name:"))


def entries(lines: list[str]) -> list[dict[str, str]]:
    """``Name: "x"; Flags: y`` lines as dicts, quotes removed."""
    out = []
    for line in lines:
        parts = (part.strip().split(":", 1) for part in line.split(";") if ":" in part)
        out.append({key.strip(): value.strip().strip('"') for key, value in parts})
    return out


def iss() -> dict[str, list[str]]:
    return sections(ISS.read_text(encoding="ascii"))  # ASCII: no code page can garble it


def test_per_user_x64_with_the_icon_and_the_version_from_the_build() -> None:
    text = ISS.read_text(encoding="ascii")
    setup = settings(iss()["Setup"])
    assert setup["PrivilegesRequired"] == "lowest"
    assert "PrivilegesRequiredOverridesAllowed" not in setup  # never asks to elevate
    assert setup["ArchitecturesAllowed"] == "x64compatible"
    assert setup["ArchitecturesInstallIn64BitMode"] == "x64compatible"
    assert setup["DefaultDirName"].startswith(("{localappdata}\\Programs\\", "{userpf}\\", "{autopf}\\"))
    icon = setup["SetupIconFile"].replace("\\", "/")
    assert (WINDOWS / icon).resolve() == ROOT / "resources" / "icons" / "emudesk.ico"
    assert setup["UninstallDisplayIcon"] == "{app}\\emudesk.exe"
    # The version comes from the command line (build.ps1, from the package metadata), never from here.
    assert setup["AppVersion"] == "{#AppVersion}"
    assert not re.search(r'#define\s+AppVersion\s+"', text)
    assert re.search(r"#ifndef AppVersion\s+#error", text)
    build = (ROOT / "packaging" / "build.ps1").read_text(encoding="utf-8")
    assert "/DAppVersion=$Version" in build and "version('emudesk')" in build


def test_vietnamese_and_english() -> None:
    languages = {e["Name"]: e["MessagesFile"] for e in entries(iss()["Languages"])}
    assert set(languages) == {"vi", "en"}
    assert languages["en"] == "compiler:Default.isl"
    # Default.isl first: what the Vietnamese file does not translate falls back to English.
    assert languages["vi"] == "compiler:Default.isl,Vietnamese.isl"
    raw = (WINDOWS / "Vietnamese.isl").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "Inno Setup reads an .isl as Unicode only with a BOM"
    messages = sections(raw.decode("utf-8-sig"))
    options = settings(messages["LangOptions"])
    assert options["LanguageID"] == "$042A" and options["LanguageName"] == "Tiếng Việt"
    translated = settings(messages["Messages"])
    for name in ("WelcomeLabel1", "ButtonNext", "ButtonInstall", "FinishedLabel", "ConfirmUninstall"):
        assert name in translated
    # Every custom message the script uses exists in Vietnamese (Default.isl has the English).
    custom = settings(messages["CustomMessages"])
    used = set(re.findall(r"\{cm:(\w+)", ISS.read_text(encoding="ascii")))
    assert used and used <= set(custom)


def test_shortcuts_both_programs_a_clean_internal_folder_and_the_data_kept() -> None:
    script = iss()
    files = entries(script["Files"])
    sources = {e["Source"].split("\\")[-1] for e in files}
    assert {"emudesk.exe", "emudesk-cli.exe", "*"} <= sources
    assert entries(script["InstallDelete"]) == [{"Type": "filesandordirs", "Name": "{app}\\_internal"}]
    icons = entries(script["Icons"])
    assert any(i["Name"] == "{group}\\emudesk" and i["Filename"] == "{app}\\emudesk.exe" for i in icons)
    desktop = [i for i in icons if i["Name"].startswith(("{userdesktop}", "{autodesktop}"))]
    assert desktop and all(i.get("Tasks") == "desktopicon" for i in desktop)
    assert [t["Name"] for t in entries(script["Tasks"])] == ["desktopicon"]
    # The data lives in %LOCALAPPDATA%\emudesk, never under {app}, and nothing removes it.
    assert "UninstallDelete" not in script
    assert "{localappdata}\\emudesk" not in ISS.read_text(encoding="ascii")


def test_the_windows_workflow_builds_installs_and_smoke_tests() -> None:
    workflow = (ROOT / ".github" / "workflows" / "windows-installer.yml").read_text(encoding="utf-8")
    assert "runs-on: windows-" in workflow
    assert 'python-version: "3.11"' in workflow
    assert "packaging\\build.ps1" in workflow
    assert "/VERYSILENT" in workflow
    for command in ("--version", "init", "demo", "check", "export", "import", "unins000.exe"):
        assert command in workflow, command
