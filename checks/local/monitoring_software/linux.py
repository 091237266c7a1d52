"""How monitoring-software looks on Linux: unit files, autostart entries, program files and running programs.

Where each kind of trace lives (all readable by an ordinary user):
  systemd     unit files in /etc/systemd/system, /lib/systemd/system, /usr/lib/systemd/system (Debian 12 packages
              still put theirs under /lib, which is /usr/lib on merged-/usr systems) and ~/.config/systemd/user
  autostart   desktop entries in /etc/xdg/autostart and ~/.config/autostart
  path        files and folders such as /usr/sbin/<program>, /opt/<product>
  process     the names of running programs (every user's are visible, unless /proc is mounted with hidepid:
              then only an administrator sees other accounts' programs, and the evidence says so)
Few monitoring products exist for Linux desktops, and the list only holds what a source confirms (today: the
classroom tools Epoptes and Veyon, from their Debian packages), so a pass here says how short the list is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditor.check import CheckContext
from auditor.model import Finding, Fix
from checks.local.common.hidden_processes import others_hidden

from .safety import COALITION_URL, SAFETY_STEPS

if TYPE_CHECKING:
    from .catalogue import Catalogue, Indicator, Product
    from .search import Look

PLATFORM = "linux"
SYSTEMD_FOLDERS = ("/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system",
                   "~/.config/systemd/user")
AUTOSTART_FOLDERS = ("/etc/xdg/autostart", "~/.config/autostart")


def _path(look: Look, product: Product, indicator: Indicator) -> None:
    look.look_for_path(product, indicator, indicator.value)


def _systemd(look: Look, product: Product, indicator: Indicator) -> None:
    look.look_in_folders(product, indicator, SYSTEMD_FOLDERS)


def _autostart(look: Look, product: Product, indicator: Indicator) -> None:
    look.look_in_folders(product, indicator, AUTOSTART_FOLDERS)


LOOKUPS = {"path": _path, "systemd": _systemd, "autostart": _autostart}


def load_catalogue() -> Catalogue:
    """The sourced list of products. The list, the search and the verdict are imported here and in ``probe``, in the
    probe's own thread beside the slowest check, rather than on the main thread while the checks load."""
    from .catalogue import load_catalogue as read_catalogue

    return read_catalogue()


def _note_hidden_programs(look: Look) -> None:
    """With /proc mounted with hidepid, other accounts' programs are not in the list at all: said, as something only
    an administrator's scan can look at. Files, services and start-up entries still decide, so it is not a refusal."""
    if others_hidden(look.host, look.host.processes()):
        look.refuse("other accounts' running programs", "this computer shows them only to an administrator (/proc "
                    "mounted with hidepid)", minor=True)


def probe(ctx: CheckContext) -> Finding:
    from .search import search_and_judge

    return search_and_judge(ctx, platform=PLATFORM, system="Linux", lookups=LOOKUPS, load=load_catalogue,
                            prepare=_note_hidden_programs)


# -- what this check looks at on Linux, and how to fix it here ------------------------------------------------------

LOOKS_AT = (
    "Traces of known monitoring programs, from Homeguard's sourced list (checks/local/monitoring_software/"
    "products.toml): their service files (/etc/systemd/system, /lib/systemd/system, /usr/lib/systemd/system, "
    "~/.config/systemd/user), start-up entries (/etc/xdg/autostart, ~/.config/autostart), program files, and the "
    "names of running programs. The Linux list is short: classroom monitoring (Epoptes, Veyon) and one keylogger "
    "sold to parents (KidLogger)."
)

FIXES = {
    "linux": Fix(
        steps=(*SAFETY_STEPS,
               "Removing it, once you have help: uninstall its package with your software manager, or ask the "
               "specialist service or someone you trust to do it with you."),
        more_info=COALITION_URL,
    ),
}

ADMIN_NOTE = ("As an administrator, Homeguard could also look in other accounts' home folders for their own "
              "start-up entries, and, where this computer hides other accounts' running programs (/proc mounted with "
              "hidepid), see those programs too; the main answer does not need it.")

UNVERIFIED = (
    "Epoptes and Veyon found on a computer (their file names come from the Debian 12 packages, not from a machine "
    "that has them installed)",
    "KidLogger found on a computer (its Linux file names come from a public keyword list citing kidlogger.net)",
)
