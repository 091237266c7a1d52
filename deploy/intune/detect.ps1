# Homeguard: Intune Remediations DETECTION script. UNTESTED HERE (written carefully; see README.md).
# Exit 0 = compliant (score at or above $FailUnder), exit 1 = "issue detected" (Intune then runs collect.ps1).
# Output stays short: Intune keeps at most 2048 characters of it. Nothing that names the pupil is printed.
$ErrorActionPreference = 'Stop'
$FailUnder = 70                                  # the school's pass mark, 0-100
$Homeguard = 'C:\Program Files\Homeguard\homeguard.exe'  # where the school installed Homeguard (pipx: its bin folder)

if (-not (Test-Path -LiteralPath $Homeguard)) {
    Write-Output 'Homeguard is not installed at the expected path.'
    exit 1
}
& $Homeguard scan --anonymous --no-save --fail-under $FailUnder | Out-Null
$code = $LASTEXITCODE
if ($code -eq 0) { Write-Output "Homeguard score is $FailUnder or more."; exit 0 }
if ($code -eq 1) { Write-Output "Homeguard score is under $FailUnder."; exit 1 }
Write-Output "Homeguard could not finish the scan (exit code $code)."
exit 1
