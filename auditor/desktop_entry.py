"""``homeguard install-desktop-entry``: put Homeguard in the desktop's app menu, for people who installed it with pipx.

A distribution's package ships ``packaging/linux/org.homeguard.Homeguard.desktop`` and the icons itself. pipx
(and pip) install no menu entries, so this writes the same entry for one person, in the folders the freedesktop.org
specifications name: ``$XDG_DATA_HOME/applications`` (default ``~/.local/share/applications``) for the entry and
``$XDG_DATA_HOME/icons/hicolor/<size>/apps`` for the icons. No AppStream metainfo: software centres read it only
from system folders. ``--remove`` deletes exactly the files this wrote. Every file is written whole or not at all
(a temporary file in the same folder, then renamed), so a menu never reads half an entry.

The entry's Exec line names the ``homeguard-gui`` installed beside the Python running this, so the menu opens the
same installation (pipx keeps one environment per app); failing that, the first on the PATH; failing that, this
Python with ``-m ui.launch``. macOS and Windows have their own ways (an app bundle, the Start menu) and are refused
in plain words.

The icons are files shipped in Homeguard's ``ui/icons`` folder; they are found with ``importlib.util.find_spec``,
which locates the folder without importing any of the window's code (the engine never imports ``ui``).
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from auditor.app_id import APP_ID as APP_ID  # re-exported; the .desktop file's name, the icon's name, the metainfo's id
from auditor.plural import plural

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
GUI_SCRIPT = "homeguard-gui"
NOT_HERE = ("homeguard: install-desktop-entry is for Linux and other desktops that follow freedesktop.org. It does "
            "not apply on {system}, where Homeguard is started from {where}.")
SYSTEMS = {"darwin": ("macOS", "the Applications folder or the terminal"),
           "win32": ("Windows", "the Start menu or the terminal")}

# The entry, one key a line; Exec is filled in. Comment and Keywords are what a menu search matches.
ENTRY = """\
[Desktop Entry]
Type=Application
Name=Homeguard
GenericName=Family security check
Comment=Check how well this computer and its people follow the advice that prevents online blackmail
Exec={exec_line}
Icon={app_id}
Terminal=false
Categories=System;Security;
Keywords=security;privacy;family;parents;school;checkup;sextortion;
StartupNotify=true
StartupWMClass=Homeguard
"""


def entry_text(command: Sequence[str]) -> str:
    """The .desktop file that starts ``command`` (a program and its arguments)."""
    return ENTRY.format(exec_line=" ".join(exec_argument(arg) for arg in command), app_id=APP_ID)


def exec_argument(argument: str) -> str:
    """One argument as the Desktop Entry specification wants it on an Exec line: quoted when it holds a reserved
    character, with ``"`` `` ` `` ``$`` and ``\\`` escaped inside the quotes, ``%`` doubled (a literal percent
    sign), and the backslashes doubled once more because Exec is also a string value."""
    argument = argument.replace("%", "%%")
    if argument and not any(ch in argument for ch in ' \t\n"\'\\><~|&;$*?#()`'):
        return argument
    quoted = "".join("\\" + ch if ch in '"`$\\' else ch for ch in argument)
    return '"' + quoted.replace("\\", "\\\\") + '"'


def gui_command(executable: str = sys.executable, path: str | None = None) -> list[str]:
    """How the menu should start the window: the ``homeguard-gui`` beside this Python (the same installation),
    else the one on the PATH, else this Python running the window's launcher."""
    beside = shutil.which(GUI_SCRIPT, path=str(Path(executable).parent))
    found = beside or shutil.which(GUI_SCRIPT, path=path)
    if found:
        return [str(Path(found).absolute())]
    return [executable, "-m", "ui.launch"]


def data_home(environ: dict[str, str] | None = None) -> Path:
    """$XDG_DATA_HOME, or ~/.local/share when it is unset, empty or not absolute (as the Base Directory spec says)."""
    environ = dict(os.environ) if environ is None else environ
    value = environ.get("XDG_DATA_HOME", "")
    if value and os.path.isabs(value):
        return Path(value)
    return Path(environ.get("HOME") or Path.home()) / ".local" / "share"


def icon_folder() -> Path:
    """Homeguard's shipped icons (``ui/icons``), found without importing the window's code."""
    spec = importlib.util.find_spec("ui")
    locations = list(spec.submodule_search_locations or []) if spec else []
    for location in locations:
        folder = Path(location) / "icons"
        if (folder / "homeguard.svg").is_file():
            return folder
    raise OSError("Homeguard's icons were not found (the ui/icons folder is missing from this installation)")


@dataclass(frozen=True)
class Placement:
    """Where one file goes: taken from ``source`` (or given as ``text``) and written to ``target``."""

    target: Path
    source: Path | None = None
    text: str | None = None

    def data(self) -> bytes:
        if self.text is not None:
            return self.text.encode("utf-8")
        if self.source is None:
            raise ValueError(f"nothing to write to {self.target}")
        return self.source.read_bytes()


def placements(base: Path, command: Sequence[str], icons: Path) -> list[Placement]:
    """Every file the entry needs, under the data folder ``base``."""
    hicolor = base / "icons" / "hicolor"
    found = [Placement(base / "applications" / f"{APP_ID}.desktop", text=entry_text(command))]
    found += [Placement(hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png", source=icons / f"homeguard-{size}.png")
              for size in ICON_SIZES]
    found.append(Placement(hicolor / "scalable" / "apps" / f"{APP_ID}.svg", source=icons / "homeguard.svg"))
    return found


def install(base: Path, command: Sequence[str], icons: Path) -> list[Path]:
    """Write the entry and its icons; returns the files written. Raises OSError (with the file named by Python)."""
    written = []
    for place in placements(base, command, icons):
        _write_atomically(place.target, place.data())
        written.append(place.target)
    return written


def remove(base: Path) -> list[Path]:
    """Delete the entry and icons ``install`` wrote (only those files); returns the ones that were there."""
    removed = []
    for place in placements(base, [GUI_SCRIPT], Path()):
        if place.target.is_file() or place.target.is_symlink():
            place.target.unlink()
            removed.append(place.target)
    return removed


def _write_atomically(target: Path, data: bytes) -> None:
    from auditor.atomic_file import write_bytes

    target.parent.mkdir(parents=True, exist_ok=True)
    write_bytes(target, data)


def run(remove_entry: bool, *, platform: str = sys.platform, environ: dict[str, str] | None = None,
        say: Callable[[str], None] = print) -> int:
    """The subcommand: 0 done, 2 not applicable on this system, 3 a folder or file could not be written."""
    if platform in SYSTEMS:
        system, where = SYSTEMS[platform]
        print(NOT_HERE.format(system=system, where=where), file=sys.stderr)
        return 2
    base = data_home(environ)
    try:
        if remove_entry:
            gone = remove(base)
            say(f"Removed Homeguard from the app menu ({plural(len(gone), 'file')})." if gone
                 else "Homeguard was not in the app menu; nothing to remove.")
            return 0
        command = gui_command()
        written = install(base, command, icon_folder())
    except OSError as exc:
        what = "removed" if remove_entry else "written"
        print(f"homeguard: the app menu entry could not be {what}: {exc}", file=sys.stderr)
        return 3
    say(f"Added Homeguard to the app menu: {written[0]}")
    say(f"It starts: {' '.join(command)}")
    say("To take it out again: homeguard install-desktop-entry --remove")
    return 0
