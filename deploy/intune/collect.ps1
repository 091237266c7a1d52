# Homeguard: Intune Remediations "remediation" script that COLLECTS the anonymous report. UNTESTED HERE (see README.md).
# It fixes nothing on the machine: it writes this computer's anonymous report into a folder the school chose, named by
# a random id (never the computer's name), so `homeguard club summary FOLDER` can read them all.
$ErrorActionPreference = 'Stop'
$Homeguard = 'C:\Program Files\Homeguard\homeguard.exe'  # where the school installed Homeguard
$Folder = '\\school-server\homeguard-reports'            # a share or synced folder the device account may write to

$json = & $Homeguard scan --anonymous --no-save
if ($LASTEXITCODE -ne 0) { Write-Output "Homeguard scan failed (exit code $LASTEXITCODE)."; exit 1 }
$installId = ($json | Out-String | ConvertFrom-Json).device.install_id
if ($installId -notmatch '^[0-9a-fA-F-]{8,64}$') { Write-Output 'The report has no usable install id.'; exit 1 }
# Same install id, same file: a later run replaces this computer's older report instead of adding a second one.
$target = Join-Path $Folder "$installId.json"
$temp = "$target.partial"
[System.IO.File]::WriteAllText($temp, ($json | Out-String), (New-Object System.Text.UTF8Encoding($false)))
Move-Item -LiteralPath $temp -Destination $target -Force
Write-Output 'Anonymous Homeguard report written.'
exit 0
