"""How monitoring-software looks on macOS: apps, launch agents and daemons, system extensions, running programs.

Where each kind of trace lives:
  path              apps and folders: /Applications/<app>.app, /usr/local/<product>, ~/Library/Application Support
  launchd           <label>.plist in /Library/LaunchDaemons, /Library/LaunchAgents and ~/Library/LaunchAgents
                    (all readable without administrator rights or Full Disk Access)
  system-extension  /Library/SystemExtensions/<UUID>/<bundle id>.systemextension (the folder macOS keeps them in;
                    readable by everyone on the releases documented so far, and said when it is not)
  bundle-id         the CFBundleIdentifier in the Info.plist of the apps at the top level of /Applications and
                    ~/Applications, and of the apps launch agents and daemons start (see bundles.py)
  process           the names of running programs (and the last part of their program's path)
Kernel extensions are folders under /Library/Extensions and are written as paths in the list.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditor.check import CheckContext
from auditor.model import Finding, Fix

from .safety import COALITION_URL, SAFETY_STEPS

if TYPE_CHECKING:
    from .catalogue import Catalogue, Indicator, Product
    from .search import Look

PLATFORM = "macos"
LAUNCHD_FOLDERS = ("/Library/LaunchDaemons", "/Library/LaunchAgents", "~/Library/LaunchAgents")
SYSTEM_EXTENSIONS = "/Library/SystemExtensions"
MAX_EXTENSION_FOLDERS = 100
EXPECTED_FOLDERS = ("/Applications", "/Library/LaunchDaemons", "/Library/LaunchAgents")


def _path(look: Look, product: Product, indicator: Indicator) -> None:
    look.look_for_path(product, indicator, indicator.value)


def _launchd(look: Look, product: Product, indicator: Indicator) -> None:
    look.look_in_folders(product, indicator, LAUNCHD_FOLDERS, "{}.plist")


def _system_extension(look: Look, product: Product, indicator: Indicator) -> None:
    folders = [look.join(SYSTEM_EXTENSIONS, name) for name in (look.listing(SYSTEM_EXTENSIONS) or ())
               if name != "db.plist"][:MAX_EXTENSION_FOLDERS]
    look.look_in_folders(product, indicator, folders, "{}.systemextension")


def _bundle_id(look: Look, product: Product, indicator: Indicator) -> None:
    from .bundles import app_bundle_ids
    from .catalogue import glob_match

    for app, bundle_id in app_bundle_ids(look, LAUNCHD_FOLDERS):
        if glob_match(indicator.value, bundle_id):
            look.found(product, indicator, f"{app} is the app {bundle_id}")


LOOKUPS = {"path": _path, "launchd": _launchd, "system-extension": _system_extension, "bundle-id": _bundle_id}


def load_catalogue() -> Catalogue:
    """The sourced list of products. The list, the search and the verdict are imported here and in ``probe``, in the
    probe's own thread beside the slowest check, rather than on the main thread while the checks load."""
    from .catalogue import load_catalogue as read_catalogue

    return read_catalogue()


def probe(ctx: CheckContext) -> Finding:
    from .search import search_and_judge

    def prepare(look: Look) -> None:
        for folder in EXPECTED_FOLDERS:  # always looked at, so that "nothing found" rests on them having been read
            look.expect(folder, "every Mac has it")
        look.listing("~/Library/LaunchAgents")  # a new account may not have one yet

    return search_and_judge(ctx, platform=PLATFORM, system="macOS", lookups=LOOKUPS, load=load_catalogue,
                            prepare=prepare)


# -- what this check looks at on macOS, and how to fix it here ------------------------------------------------------

LOOKS_AT = (
    "Traces of known monitoring programs, from Homeguard's sourced list (checks/local/monitoring_software/"
    "products.toml): their apps and folders (/Applications, /usr/local, ~/Library/Application Support), launch "
    "agents and daemons (/Library/LaunchDaemons, /Library/LaunchAgents, ~/Library/LaunchAgents), system extensions "
    "(/Library/SystemExtensions), the bundle ids of the apps at the top level of /Applications and ~/Applications "
    "and of the apps launch agents and daemons start (not apps in folders inside /Applications), and the names of "
    "running programs. No administrator rights or Full Disk Access "
    "are needed."
)

FIXES = {
    "macos": Fix(
        steps=(*SAFETY_STEPS,
               "Removing it, once you have help: use the product's own uninstaller if it has one, and check System "
               "Settings, General, Login Items & Extensions for anything left behind."),
        settings_url="x-apple.systempreferences:com.apple.LoginItems-Settings.extension",
        more_info=COALITION_URL,
    ),
}

ADMIN_NOTE = ("As an administrator, Homeguard could also look in other accounts' ~/Library folders; the main answer "
              "does not need it.")

UNVERIFIED = (
    "Teramind, Hubstaff and DeskTime found on a Mac (their paths come from LOLRMM and Homebrew, not from a Mac that "
    "has them)",
    "System extensions listed by bundle id (no product in the list uses one yet)",
    "Qustodio's launch daemons and KidLogger's app found on a Mac (their names come from a public script and a "
    "keyword list, not from a Mac that has them; KidLogger's folder, /Applications, is assumed)",
    "Spyrix and REFOG Keylogger found on a Mac (their paths are strings in Defender's signatures, not from a Mac "
    "that has them)",
    "Spyrix and Hoverwatch found by their apps' bundle ids (the ids are strings in Defender's signatures, not read "
    "from a Mac that has them)",
)
