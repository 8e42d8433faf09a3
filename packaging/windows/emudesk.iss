; Inno Setup script: a per-user installer (no administrator rights needed on office PCs).
; Build on Windows after PyInstaller:  ISCC.exe /DAppVersion=0.1.0 packaging\windows\emudesk.iss
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6A0E2B7C-2F0B-4C61-9C6F-8D3B1E7A5C42}
AppName=emudesk
AppVersion={#AppVersion}
AppPublisher=emudesk
DefaultDirName={localappdata}\Programs\emudesk
DefaultGroupName=emudesk
PrivilegesRequired=lowest
OutputBaseFilename=emudesk-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern

[Languages]
Name: "en"; MessagesFile: "compiler:Default.isl"

[Files]
Source: "..\..\dist\emudesk\*"; DestDir: "{app}"; Flags: recursesubdirs createallsubdirs ignoreversion

[Icons]
Name: "{group}\emudesk"; Filename: "{app}\emudesk.exe"
Name: "{userdesktop}\emudesk"; Filename: "{app}\emudesk.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Tạo biểu tượng trên màn hình"; Flags: unchecked

[Run]
Filename: "{app}\emudesk.exe"; Description: "Mở emudesk"; Flags: nowait postinstall skipifsilent
