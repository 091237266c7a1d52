-- Homeguard status written by homeguard-scan.sh: one line "<install id> <score>" per host, and when it was written.
-- file_lines is a table of Fleet's own agent (fleetd), not of plain osquery. UNTESTED HERE (see README.md).
SELECT f.mtime AS written_at, l.line AS homeguard_status
FROM file AS f
JOIN file_lines AS l ON l.path = f.path
WHERE f.path = '/var/lib/homeguard-fleet/status.txt';
