"""Render every page of the desktop app to PNG files, over a demo family, for the README and for review.

    python -m ui.screenshots [--out docs/screenshots] [--dark] [--size 1280x800] [--household]

The demo lives in a temporary data folder that is deleted afterwards: two adults, a 14-year-old and a 10-year-old,
their apps and devices, answers given over three weeks, a quiz attempt, and three scans of a recorded family
laptop (tests/fixtures/scenarios/family-laptop.toml, built from outputs recorded on real machines). With
``--household`` the family's two other computers are added as well: the generated macOS and Windows reports in
tests/fixtures/reports (scanned a day and three days ago), so the Overview shows a home of three computers.
Nothing on this computer is looked at. The window is built with the app's own list of pages. A page that cannot be
built (the window then shows its "could not be opened" stand-in) or put into the state its picture needs is reported
on standard error, the other pictures are still made, and the command ends with status 1.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QCoreApplication, QEventLoop, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from auditor.guided import guided_results
from auditor.household import Household
from auditor.model import Status
from auditor.packs import Content, load_content
from auditor.recorded import RecordedHost, load_scenario
from auditor.registry import discover
from auditor.runner import run_scan
from auditor.settings import Settings
from auditor.store import Store

if TYPE_CHECKING:  # imported when rendering, after the application exists
    from ui.main_window import MainWindow
    from ui.pages import Page

P = TypeVar("P", bound="Page")

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "tests" / "fixtures" / "scenarios" / "family-laptop.toml"
OTHER_COMPUTERS = ((ROOT / "tests" / "fixtures" / "reports" / "generated-macos.json", 1.0),  # (report, days ago)
                   (ROOT / "tests" / "fixtures" / "reports" / "generated-windows.json", 3.0))
DAY = 86400.0

# (nickname, age band, services) — the demo family.
PEOPLE = (
    ("Priya", "adult", ("gmail", "whatsapp", "facebook", "google-account")),
    ("Tom", "adult", ("outlook-mail", "whatsapp", "microsoft-account")),
    ("Maya", "13-17", ("instagram", "snapchat", "tiktok", "gmail", "youtube", "google-account")),
    ("Leo", "under-13", ("roblox", "minecraft", "youtube", "microsoft-account")),
)
DEVICES = (("Maya's iPhone", "iphone", "Maya"), ("Leo's tablet", "android-tablet", "Leo"),
           ("Living-room Switch", "switch", None))

# The pictures in the order they are taken: the file each is saved as and the page it shows (prepare() puts the
# page into the state the picture needs).
PICTURES = (
    ("overview", "overview"),
    ("device", "device"),
    ("people", "people"),
    ("guided-question", "people"),
    ("quiz", "quiz"),
    ("history", "history"),
    ("report", "report"),
    ("club", "club"),
    ("settings", "settings"),
    ("help", "help"),
    ("help-notes", "help"),
)


def scenario_host() -> RecordedHost:
    return load_scenario(SCENARIO)


# -- the demo family -------------------------------------------------------------------------------------------

def _answer(household: Household, content: Content, check_id: str, kind: str, subject_id: int, answer: str,
            when: float) -> None:
    check = content.check(check_id)
    if check is None:
        return
    status: Status | None
    if answer.startswith("choice:"):
        status = check.answer_choices()[int(answer.split(":", 1)[1])].status
    else:
        status = {"yes": Status.PASS, "no": Status.FAIL}.get(answer)
    household.record_answer(check_id, kind, subject_id, answer, status, when=when)


def build_household(store: Store, content: Content, now: float) -> list[tuple[float, Callable[[], None]]]:
    """Add the family; return the answers they give, as (when, give) steps in time order."""
    household = Household(store)
    people = {}
    for nickname, band, services in PEOPLE:
        person = household.add_person(nickname, band)
        people[nickname] = household.set_services(person, [s for s in services if s in content.services])
    for name, kind, owner in DEVICES:
        if kind in content.device_kinds:
            household.add_device(name, kind, people.get(owner) if owner else None)
    household.mark_devices_reviewed()
    devices = {d.name: d for d in household.devices()}

    def person_answers(nickname: str, answers: dict[str, str], when: float) -> Callable[[], None]:
        def give() -> None:
            for check_id, answer in answers.items():
                _answer(household, content, check_id, "person", people[nickname].id, answer, when)
        return give

    def first_week() -> None:
        when = now - 12 * DAY
        person_answers("Priya", {"two-step-main-email": "no", "two-step-google-account": "yes",
                                 "two-step-whatsapp": "yes", "two-step-facebook": "no",
                                 "privacy-whatsapp-groups": "yes", "report-where-to-report": "not_sure"}, when)()
        for check_id, answer in (("support-family-agreement", "no"), ("support-no-trouble-promise", "yes"),
                                 ("support-talked-about-blackmail", "not_sure")):
            _answer(household, content, check_id, "household", 0, answer, when)

    def this_week() -> None:
        when = now - 2 * DAY
        person_answers("Maya", {"privacy-instagram-private": "yes", "privacy-instagram-messages": "yes",
                                "privacy-snapchat-ghost-mode": "yes", "privacy-tiktok-private": "no",
                                "two-step-instagram": "yes", "two-step-snapchat": "not_sure",
                                "support-trusted-adult": "yes", "support-no-trouble-teen": "yes",
                                "report-block-instagram": "yes"}, when)()
        person_answers("Leo", {"privacy-roblox-parental-controls": "yes", "privacy-minecraft-multiplayer": "no",
                               "support-trusted-adult": "yes"}, when)()
        person_answers("Tom", {"two-step-main-email": "yes", "two-step-microsoft-account": "yes",
                               "two-step-whatsapp": "yes", "two-step-main-email-recovery": "yes",
                               "privacy-whatsapp-groups": "yes", "privacy-whatsapp-silence-unknown": "no",
                               "privacy-whatsapp-profile-photo": "yes", "report-block-whatsapp": "yes",
                               "report-where-to-report": "yes", "support-warning-signs": "yes"}, when)()
        person_answers("Priya", {"report-where-to-report": "yes", "support-warning-signs": "yes",
                                 "two-step-main-email-recovery": "yes", "privacy-facebook-friend-requests": "yes",
                                 "privacy-messenger-message-delivery": "yes", "report-block-facebook": "yes",
                                 "report-block-whatsapp": "yes", "privacy-whatsapp-silence-unknown": "yes",
                                 "privacy-whatsapp-profile-photo": "yes"}, when)()
        _answer(household, content, "support-talked-about-blackmail", "household", 0, "yes", when)
        phone = devices.get("Maya's iPhone")
        if phone:
            _answer(household, content, "device-screen-lock", "device", phone.id, "yes", when)
            _answer(household, content, "device-communication-safety", "device", phone.id, "no", when)
        maya = people["Maya"]
        answers = {}
        for number, question in enumerate(q for q in content.quiz.questions if q.audience in ("teen", "everyone")):
            wrong = number in (3, 9)
            answers[question.id] = (question.answer + 1) % len(question.choices) if wrong else question.answer
        household.record_quiz(maya, answers, when=when)

    return [(now - 21 * DAY, lambda: None), (now - 12 * DAY, first_week), (now - 2 * DAY, this_week)]


def build_demo(data_dir: Path, *, scans: int = 3) -> tuple[Store, Content]:
    """A store with the demo family and up to three scans of the recorded laptop, the newest today."""
    store = Store(data_dir)
    store.save_settings(Settings(region="GB"))
    content = load_content()
    now = time.time()
    steps = build_household(store, content, now)
    household = Household(store)
    registry = discover()
    host = scenario_host()
    for when, give in steps[-scans:] if scans else []:
        give()
        run = run_scan(registry.for_platform(host.platform), host, store.settings(), failures=registry.failures,
                       safe_mode=registry.safe_mode)
        guided = guided_results(content, household, now=when + 3600, region="GB")
        started = when + 3600
        run = dataclasses.replace(run, results=run.results + tuple(guided), started_at=started,
                                  finished_at=started + run.duration)
        store.save_run(run)
    return store, content


def add_other_computers(store: Store, now: float) -> None:
    """The family's two other computers, from their reports, as if each had been scanned a few days ago."""
    import json

    from auditor.intake import read_report, report_from_bytes
    from auditor.reports import build_report, to_json

    for path, days_ago in OTHER_COMPUTERS:
        data = json.loads(path.read_text(encoding="utf-8"))
        install_id = data["device"]["install_id"]
        # read as of the file's own scan time, so that the demo works whatever today's date is
        made = datetime.fromisoformat(data["scan"]["finished_at"]).timestamp()
        report = read_report(path, now=made)
        shift = now - days_ago * DAY - report.run.finished_at
        run = dataclasses.replace(report.run, started_at=report.run.started_at + shift,
                                  finished_at=report.run.finished_at + shift)
        again = to_json(build_report(run, install_id=install_id)).encode("utf-8")
        store.import_computer(report_from_bytes(path.name, again, now=now), now)


# -- rendering ---------------------------------------------------------------------------------------------------

def settle(app: QCoreApplication, ms: int = 60) -> None:
    """Let layouts, deferred deletes and timers settle before a picture is taken (a script, not a test)."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def use_dark_palette(app: QApplication) -> None:
    hints = app.styleHints()
    if hasattr(hints, "setColorScheme"):
        hints.setColorScheme(Qt.ColorScheme.Dark)
    palette = QPalette()
    colours = {
        QPalette.ColorRole.Window: "#202124", QPalette.ColorRole.WindowText: "#e8eaed",
        QPalette.ColorRole.Base: "#18191b", QPalette.ColorRole.AlternateBase: "#25272a",
        QPalette.ColorRole.Text: "#e8eaed", QPalette.ColorRole.Button: "#2d2f33",
        QPalette.ColorRole.ButtonText: "#e8eaed", QPalette.ColorRole.Highlight: "#5b8def",
        QPalette.ColorRole.HighlightedText: "#0b0c0e", QPalette.ColorRole.ToolTipBase: "#2d2f33",
        QPalette.ColorRole.ToolTipText: "#e8eaed", QPalette.ColorRole.PlaceholderText: "#a4a9b0",
        QPalette.ColorRole.Link: "#8ab4f8", QPalette.ColorRole.Mid: "#3c4043",
        QPalette.ColorRole.Midlight: "#34373b", QPalette.ColorRole.Dark: "#111214",
        QPalette.ColorRole.Light: "#3c4043", QPalette.ColorRole.Shadow: "#000000",
    }
    for role, colour in colours.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7c8187"))
    app.setPalette(palette)


def prepare(window: MainWindow, name: str) -> None:
    """Put the page on screen into the state its picture shows. Raises when it cannot, a broken page included."""
    from ui.main_window import BrokenPage

    page = window.current_page()
    if isinstance(page, BrokenPage):
        raise LookupError(f"the {page.page_id} page could not be built (its error was printed above)")
    if name == "overview":
        from ui.pages.overview import OverviewPage

        overview = _expect(page, OverviewPage)
        app = QCoreApplication.instance()
        deadline = time.monotonic() + 10.0
        while overview.computers.has_others and overview.card is None and app and time.monotonic() < deadline:
            settle(app, 20)  # the whole home's score is worked out on a worker: the picture shows it, not the wait
    elif name == "device":
        from ui.pages.device import DevicePage

        _expect(page, DevicePage).select_key("disk-encryption")
    elif name in ("people", "guided-question"):
        from ui.pages.people import PeoplePage

        people = _expect(page, PeoplePage)
        if name == "people":
            if people.walking:
                people.end_walk()
            return
        person = Household(window.context.store).person("Maya")
        if person is None or not people.start_walk("person", person.id, revisit=True):
            raise LookupError("the guided walk for Maya did not open")
    elif name == "club":
        from ui.pages.club import ClubPage

        club = _expect(page, ClubPage)
        folder = Path(window.context.store.data_dir) / "demo-club"
        if not folder.is_dir():
            write_demo_club(folder)
        app = QApplication.instance()
        if not club.open_folder(folder) or app is None:
            raise LookupError("the club page did not start reading its folder")
        deadline = time.monotonic() + 60
        while club.busy and time.monotonic() < deadline:
            settle(app, 50)
        if club.busy or club.reading is None or club.reading.summary is None:
            raise LookupError("the club page did not show its summary in time")
    elif name in ("help", "help-notes"):
        from ui.pages.help_now import HelpNowPage

        _expect(page, HelpNowPage).tabs.setCurrentIndex(1 if name == "help-notes" else 0)


def write_demo_club(folder: Path, count: int = 30) -> None:
    """A club's folder of reports: the recorded Linux, macOS and Windows reports in tests/fixtures/reports, varied
    as the club benchmark varies them (tests/bench_club.py), with a broken file and a stray one among them."""
    from auditor.intake import report_from_bytes
    from tests.bench_club import write_reports

    reports = ROOT / "tests" / "fixtures" / "reports"
    scans = [report_from_bytes(name, (reports / name).read_bytes(), now=time.time())
             for name in ("family-laptop-v2.json", "generated-macos.json", "generated-windows.json")]
    folder.mkdir(parents=True)
    write_reports(folder, count, scans, anonymous_share=0.9)
    (folder / "report-broken.json").write_text("{not json", encoding="utf-8")
    (folder / "notes.json").write_text("[]", encoding="utf-8")


def _expect(page: Page | None, kind: type[P]) -> P:
    if not isinstance(page, kind):
        raise LookupError(f"a {kind.__name__} was expected on screen, not {type(page).__name__}")
    return page


def render(out: Path, *, dark: bool = False, size: QSize | None = None, only: set[str] | None = None,
           suffix: str = "", household: bool = False) -> tuple[list[Path], list[str]]:
    """Take the pictures (of the pages in ``only``, or all); returns the files saved and what went wrong."""
    from ui.context import make_context
    from ui.main_window import MainWindow, default_pages

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication([sys.argv[0]])
    app.setApplicationName("Homeguard")
    if dark:
        use_dark_palette(app)
    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="homeguard-demo-") as folder:
        store, content = build_demo(Path(folder))
        if household:
            add_other_computers(store, time.time())
        context = make_context(store, content=content, scenario=SCENARIO)
        pages = [entry for entry in default_pages() if not only or entry.page_id in only]
        window = MainWindow(context, pages=pages)
        window.resize(size or QSize(1280, 800))
        window.show()
        settle(app, 150)
        for name, page_id in PICTURES:
            if only and page_id not in only:
                continue
            try:
                if not window.show_page(page_id):
                    raise LookupError(f"the main window has no {page_id} page")
                prepare(window, name)
            except Exception as exc:
                problems.append(f"{name}: {type(exc).__name__}: {exc}")
                print(f"no picture of {name}: {type(exc).__name__}: {exc}", file=sys.stderr)
                continue
            settle(app)
            target = out / f"{name}{suffix}.png"
            window.grab().save(str(target))
            saved.append(target)
            print(target)
        window.close()
        window.deleteLater()
        settle(app, 10)
        context.shutdown()
        store.close()
    return saved, problems


def parse_size(text: str) -> QSize:
    width, _, height = text.lower().partition("x")
    return QSize(int(width), int(height))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.screenshots", description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots"), help="folder for the PNG files")
    parser.add_argument("--dark", action="store_true", help="render with a dark palette")
    parser.add_argument("--size", default="1280x800", type=parse_size, help="window size, e.g. 1024x700")
    parser.add_argument("--suffix", default="", help="added to each file name, e.g. -dark")
    parser.add_argument("--page", action="append", help="only this page id (may be given more than once)")
    parser.add_argument("--household", action="store_true",
                        help="add the family's two other computers (macOS and Windows reports) to the demo")
    args = parser.parse_args(argv)
    try:
        saved, problems = render(Path(args.out), dark=args.dark, size=args.size, only=set(args.page or ()) or None,
                                 suffix=args.suffix, household=args.household)
    except Exception:
        traceback.print_exc()
        return 1
    print(f"{len(saved)} pictures saved in {args.out}")
    if problems:
        print(f"{len(problems)} could not be made:\n  " + "\n  ".join(problems), file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

