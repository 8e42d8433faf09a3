<#
.SYNOPSIS
Builds emudesk's one-folder bundle on Windows and, when Inno Setup 6 is installed, its installer.

.DESCRIPTION
PyInstaller (packaging\emudesk.spec) writes DIST\emudesk: emudesk.exe (the window), emudesk-cli.exe
(the commands, a console program for scripts) and _internal\. Then ISCC.exe, if found on PATH or
where Inno Setup 6 installs itself, compiles packaging\windows\emudesk.iss into
DIST\emudesk-<version>-setup.exe. The version is the package metadata's (importlib.metadata), given
to Inno Setup as /DAppVersion. The last line printed is the installer's path, or the bundle's.

Without -Python, .venv is used, created (Python 3.11 or newer, through the py launcher) and given
emudesk with the `bundle` extra when it lacks them.

.EXAMPLE
powershell -ExecutionPolicy Bypass -File packaging\build.ps1

.EXAMPLE
packaging\build.ps1 -Python C:\Python311\python.exe -DistPath C:\out -NoInstaller
#>
[CmdletBinding()]
param(
    [string]$Python = "",
    [string]$DistPath = "",
    [string]$WorkPath = "",
    [switch]$NoInstaller
)
$ErrorActionPreference = "Stop"
$Root = Split-Path -Parent $PSScriptRoot
if (-not $DistPath) { $DistPath = Join-Path $Root "dist" }
if (-not $WorkPath) { $WorkPath = Join-Path $Root "build" }

function Invoke-Checked {
    param([string]$Exe, [string[]]$Arguments)
    & $Exe @Arguments
    if ($LASTEXITCODE -ne 0) { throw "$Exe $($Arguments -join ' ') failed (exit code $LASTEXITCODE)" }
}

function Test-Python {
    # Whether $Exe runs `-c $Code` without error; stderr is not an error record (Windows PowerShell 5.1).
    param([string]$Exe, [string]$Code)
    $saved = $ErrorActionPreference
    $ErrorActionPreference = "Continue"
    try { & $Exe -c $Code 2>&1 | Out-Null; return ($LASTEXITCODE -eq 0) } finally { $ErrorActionPreference = $saved }
}

if (-not $Python) {
    $venv = Join-Path $Root ".venv"
    $Python = Join-Path $venv "Scripts\python.exe"
    if (-not (Test-Path $Python)) {
        if (Get-Command py -ErrorAction SilentlyContinue) { Invoke-Checked "py" @("-3", "-m", "venv", $venv) }
        else { Invoke-Checked "python" @("-m", "venv", $venv) }
    }
    if (-not (Test-Python $Python "import sys; sys.exit(sys.version_info < (3, 11))")) {
        throw "emudesk needs Python 3.11 or newer in $venv (delete it and install Python 3.11 from python.org)"
    }
    if (-not (Test-Python $Python "import PyInstaller, emudesk")) {
        Invoke-Checked $Python @("-m", "pip", "install", "--quiet", "--upgrade", "pip")
        Invoke-Checked $Python @("-m", "pip", "install", "--quiet", "-e", "$($Root)[bundle]")
    }
}

$Version = (& $Python -c "from importlib.metadata import version; print(version('emudesk'))").Trim()
if ($LASTEXITCODE -ne 0 -or -not $Version) { throw "emudesk is not installed in $Python" }
# Windows file versions are four numbers: 0.2.0.dev1 -> 0.2.0.1
$Numbers = @([regex]::Matches($Version, "\d+") | ForEach-Object { $_.Value } | Select-Object -First 4)
while ($Numbers.Count -lt 4) { $Numbers += "0" }
$FileVersion = $Numbers -join "."

Write-Host "build.ps1: emudesk $Version into $DistPath\emudesk"
Invoke-Checked $Python @(
    "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
    "--distpath", $DistPath, "--workpath", $WorkPath, (Join-Path $PSScriptRoot "emudesk.spec")
)
$Bundle = Join-Path $DistPath "emudesk"
foreach ($exe in @("emudesk.exe", "emudesk-cli.exe")) {
    if (-not (Test-Path (Join-Path $Bundle $exe))) { throw "PyInstaller did not write $exe" }
}

if ($NoInstaller) { Write-Output $Bundle; exit 0 }
$Iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $Iscc) {
    $candidates = @(
        "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
        "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
        "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe"
    )
    $Iscc = $candidates | Where-Object { $_ -and (Test-Path $_) } | Select-Object -First 1
}
if (-not $Iscc) {
    Write-Warning "Inno Setup 6 (ISCC.exe) not found: built the bundle only (https://jrsoftware.org/isinfo.php)"
    Write-Output $Bundle
    exit 0
}
Invoke-Checked $Iscc @(
    "/Q", "/DAppVersion=$Version", "/DFileVersion=$FileVersion",
    "/DBundleDir=$Bundle", "/DOutputDir=$DistPath", (Join-Path $PSScriptRoot "windows\emudesk.iss")
)
$Setup = Join-Path $DistPath "emudesk-$Version-setup.exe"
if (-not (Test-Path $Setup)) { throw "ISCC did not write $Setup" }
Write-Output $Setup
