"""``homeguard checks``: every check for a system, what it looks at, whether it needs admin rights and what has
not yet been seen on real output; as text, JSON or the README's Markdown table.

The list comes from the registry's listing (every check's part for that system, a broken part shown as a failure
row), so a plugin that cannot load is named here rather than hidden.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from auditor.cli_output import terminal_width
from auditor.model import PLATFORMS

EXIT_OK = 0


def run(args: argparse.Namespace) -> int:
    from auditor.cli import load_registry

    registry = load_registry(args.safe_mode)
    if args.markdown:
        from auditor import check_table

        print(check_table.markdown(check for check, _ in registry.listing().checks))
        return EXIT_OK
    if args.platform == "all":
        status = EXIT_OK
        for platform in PLATFORMS:
            status = max(status, run(argparse.Namespace(**{**vars(args), "platform": platform})))
            print()
        return status
    import textwrap

    from auditor.advice import STRATEGIES
    from auditor.host import current_platform
    from auditor.model import PLATFORM_NAMES

    platform = args.platform or current_platform()
    registry = registry.listing(platform)  # every check's part for that system; a broken part is a failure row
    rows: list[dict[str, Any]] = []
    for check, origin in registry.checks:
        spec = check.spec
        rows.append({
            "id": spec.id,
            "title": spec.title,
            "strategy": spec.strategy,
            "severity": str(spec.severity),
            "platforms": list(spec.platforms),
            "looks_at": spec.looks_at.get(platform, ""),
            "needs_admin": spec.needs_admin(platform),
            "admin_note": spec.admin_notes.get(platform, ""),
            "unverified": list(spec.unverified.get(platform, ())),
            "origin": origin.to_dict(),
        })
    if args.json:
        print(json.dumps({"platform": platform, "checks": rows,
                          "load_failures": [f.to_result().to_dict() for f in registry.failures]}, indent=2))
        return EXIT_OK
    width = terminal_width()
    print(f"Checks for {PLATFORM_NAMES.get(platform, platform)} ({len(rows)} in all; * = not on this system)\n")
    titles = {s.id: s.title for s in STRATEGIES}
    order = [s.id for s in STRATEGIES]
    for row in sorted(rows, key=lambda r: (order.index(r["strategy"]), r["id"])):
        here = platform in row["platforms"]
        systems = ", ".join(PLATFORM_NAMES[p] for p in row["platforms"])
        print(f"{'' if here else '*'}{row['id']}  —  {row['title']}")
        details = [f"Advice: {titles[row['strategy']]}. Importance: {row['severity']}. Systems: {systems}."]
        if here and row["looks_at"]:
            details.append("Looks at: " + row["looks_at"])
        if here and row["needs_admin"]:
            details.append("Needs admin rights for a full answer. " + row["admin_note"])
        if here and row["unverified"]:
            details.append("Not yet seen on real output: " + "; ".join(row["unverified"]) + ".")
        for text in details:
            print("\n".join(textwrap.wrap(text, width, initial_indent="    ", subsequent_indent="    ")))
        if not row["origin"]["builtin"]:
            print(f"    From the plugin package {row['origin']['distribution']} {row['origin']['version']}.")
        print()
    for failure in registry.failures:
        print(f"!{failure.name}  —  could not be loaded from {failure.origin.distribution}: {failure.message}")
    return EXIT_OK
