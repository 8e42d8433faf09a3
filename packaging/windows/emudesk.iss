; Inno Setup 6 script: emudesk's installer for 64-bit Windows, per user, without administrator
; rights (office PCs often deny them). packaging\build.ps1 builds the bundle first, then runs
;   ISCC.exe /DAppVersion=<version> /DBundleDir=<dist>\emudesk /DOutputDir=<dist> packaging\windows\emudesk.iss
; with the version read from the package metadata. This file is ASCII on purpose: the Vietnamese
; texts live in Vietnamese.isl (UTF-8 with BOM), so no code page can garble them.
;
; Data: emudesk keeps databases, settings, backups and logs in %LOCALAPPDATA%\emudesk (platformdirs),
; never under {app}; the uninstaller removes only what it installed, so the data stays.

#ifndef AppVersion
  #error Pass the version: ISCC /DAppVersion=X.Y.Z (packaging\build.ps1 reads it from the package metadata)
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\emudesk"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif

[Setup]
AppId={{6A0E2B7C-2F0B-4C61-9C6F-8D3B1E7A5C42}
AppName=emudesk
AppVersion={#AppVersion}
AppVerName=emudesk {#AppVersion}
AppPublisher=emudesk
#ifdef FileVersion
VersionInfoVersion={#FileVersion}
#endif
VersionInfoProductTextVersion={#AppVersion}
; Per user, no elevation: {app} under %LOCALAPPDATA%\Programs, shortcuts in the user's Start menu.
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\emudesk
DefaultGroupName=emudesk
DisableProgramGroupPage=yes
; The bundle holds 64-bit Python and Qt.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
SetupIconFile=..\..\resources\icons\emudesk.ico
UninstallDisplayIcon={app}\emudesk.exe
UninstallDisplayName=emudesk {#AppVersion}
OutputDir={#OutputDir}
OutputBaseFilename=emudesk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; Ask only when Windows' language is neither; a Vietnamese Windows gets Vietnamese, others English.
ShowLanguageDialog=auto
; A running emudesk holds its files: offer to close it (Restart Manager) instead of failing.
CloseApplications=yes

[Languages]
; Inno Setup ships no official Vietnamese translation; Vietnamese.isl is emudesk's own and is read
; after Default.isl, so a message it lacks (a newer Inno Setup's, or one this installer never shows)
; falls back to English instead of failing the build.
Name: "vi"; MessagesFile: "compiler:Default.isl,Vietnamese.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Messages]
en.ConfirmUninstall=Are you sure you want to remove %1 from your computer? Your databases, settings and backups in AppData\Local\emudesk are kept.
en.UninstalledAll=%1 was removed from your computer.%n%nYour databases, settings and backups in AppData\Local\emudesk are kept.

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; A new PyInstaller bundle must not run beside the files of an older one (a stale module or Qt
; plugin left in _internal is loaded first): remove the old folder before copying.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
; The window and the console program (for scripts: emudesk-cli --version, init, check...) share _internal.
Source: "{#BundleDir}\emudesk.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BundleDir}\emudesk-cli.exe"; DestDir: "{app}"; Flags: ignoreversion
Source: "{#BundleDir}\_internal\*"; DestDir: "{app}\_internal"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\emudesk"; Filename: "{app}\emudesk.exe"; IconFilename: "{app}\emudesk.exe"
Name: "{group}\{cm:UninstallProgram,emudesk}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\emudesk"; Filename: "{app}\emudesk.exe"; IconFilename: "{app}\emudesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\emudesk.exe"; Description: "{cm:LaunchProgram,emudesk}"; Flags: nowait postinstall skipifsilent
