"""Terminal commands for the people side of Homeguard: people, devices, guide, quiz, help-now and notes."""

from __future__ import annotations

import argparse
import shutil
import sys
from collections.abc import Callable

from auditor import atomic_file
from auditor.helpnow import region_for, render_text
from auditor.host import RealHost
from auditor.household import AGE_BANDS, Device, Household, HouseholdError
from auditor.notes import FIELDS, NotesStore, summary_html, summary_text
from auditor.packs import Content, Region, load_content
from auditor.plural import word_for
from auditor.store import Store, StoreError
from auditor.terminal_guide import Ask, Say, Stop, Terminal, run_guide, run_quiz, terminal_width

EXIT_OK, EXIT_USAGE = 0, 2


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser],
                 common: Callable[[argparse.ArgumentParser], None]) -> None:
    p = sub.add_parser("people", help="list, add, rename or remove the people in the household",
                       description="Lists the people in the household, or adds, renames or removes one, or says "
                       "which apps and services a person uses (only those are asked about).")
    common(p)
    p.add_argument("action", nargs="?", default="list", choices=("list", "add", "rename", "remove", "services"))
    p.add_argument("names", nargs="*", help="add NAME | rename OLD NEW | remove NAME | services NAME [SERVICE...]")
    p.add_argument("--age", choices=tuple(AGE_BANDS), help="with add: under-13, 13-17 or adult")

    p = sub.add_parser("devices", help="list, add, rename or remove the family's phones, tablets and consoles, or "
                                       "say whose each one is",
                       description="Lists the family's phones, tablets and consoles, or adds, renames or removes "
                       "one, says whose it is, or records that there are none.")
    common(p)
    p.add_argument("action", nargs="?", default="list", choices=("list", "add", "rename", "owner", "remove", "none"))
    p.add_argument("name", nargs="?", help="the device's name, like \"Sam's iPhone\"")
    p.add_argument("new_name", nargs="?", help="with rename: the new name")
    p.add_argument("--kind", help="with add: the kind of device (see `homeguard devices list`)")
    owner = p.add_mutually_exclusive_group()
    owner.add_argument("--owner", help="with add or owner: whose device it is")
    owner.add_argument("--shared", action="store_true", help="with owner: the family shares it")

    p = sub.add_parser("guide", help="answer the guided checks, one question at a time (resumable)",
                       description="Asks the guided questions one at a time: about each person's accounts, the "
                       "household and its devices. Stop with q at any time; the next run carries on from there.")
    common(p)
    who = p.add_mutually_exclusive_group()
    who.add_argument("--person", metavar="NAME", help="only this person's questions")
    who.add_argument("--household", action="store_true", help="only the questions about the whole household")
    who.add_argument("--devices", action="store_true", help="only the questions about phones, tablets, consoles")
    p.add_argument("--all", action="store_true", help="ask again even what is already answered")

    p = sub.add_parser("quiz", help="the awareness quiz on blackmail and phishing red flags",
                       description="The awareness quiz: one question at a time on the warning signs of online "
                       "blackmail and phishing, with the explanation after each answer.")
    common(p)
    p.add_argument("--person", metavar="NAME", required=True, help="who is taking it")

    p = sub.add_parser("help-now", help="what to do, and who to call, if someone is being threatened now",
                       description="What to do right now if someone is being threatened, step by step, and who "
                       "to call where you live.")
    common(p)
    p.add_argument("--region", help="GB, US, AU, CA, IE, EU or OTHER (default: from this computer's language "
                                    "settings, or the one chosen in the settings)")

    p = sub.add_parser("notes", help="write down what happened, as text, to hand to the police (kept apart)",
                       description="Write down what happened, as text only (user names, links, dates, what was "
                       "demanded), to hand to the police or a helpline. Notes are kept apart from the history; "
                       "`print` makes a one-page summary.")
    common(p)
    p.add_argument("action", nargs="?", default="list", choices=("list", "add", "print", "delete", "delete-all"))
    p.add_argument("note_id", nargs="?", type=int, help="with delete: the note's number")
    p.add_argument("--html", metavar="FILE", help="with print: also write a printable page to FILE")


def _ask(prompt: str) -> str:
    return input(prompt)


def run(command: str, args: argparse.Namespace, store: Store, *, ask: Ask = _ask,
        say: Say = print, content: Content | None = None) -> int:
    if command == "notes":
        return _notes(args, store, ask, say)
    content = content or load_content()
    for error in content.errors:
        print(f"homeguard: a content pack has a problem and part of it was left out: {error}", file=sys.stderr)
    if command == "help-now":
        return _help_now(args, store, content, say)
    household = Household(store)
    region = household_region(content, store)
    term = Terminal(ask, say, width=terminal_width(),
                    region=region.id if region else "")
    try:
        if command == "people":
            return _people(args, household, content, say)
        if command == "devices":
            return _devices(args, household, content, say)
        if command == "guide":
            part = "household" if args.household else "devices" if args.devices else "everything"
            return run_guide(household, content, term, person_name=args.person or "", part=part, revisit=args.all)
        person = household.person(args.person)
        if person is None:
            say(f"There is nobody called {args.person}. Add them with: homeguard people add {args.person} --age ...")
            return EXIT_USAGE
        return run_quiz(person, household, content, term)
    except HouseholdError as exc:
        say(f"homeguard: {exc}.")
        return EXIT_USAGE


def _people(args: argparse.Namespace, household: Household, content: Content, say: Say) -> int:
    names = args.names
    if args.action == "list":
        people = household.people()
        if not people:
            say("Nobody has been added yet. Add someone with: homeguard people add NAME --age adult")
        for listed in people:
            uses = ", ".join(content.services[s].name for s in listed.services if s in content.services)
            uses = uses or ("nothing listed" if listed.services_chosen else "not said yet")
            say(f"{listed.nickname} ({AGE_BANDS[listed.age_band]}): uses {uses}")
        return EXIT_OK
    if not names:
        say("Which person? For example: homeguard people add Sam --age 13-17")
        return EXIT_USAGE
    if args.action == "add":
        if not args.age:
            say("Say which age band: --age under-13, --age 13-17 or --age adult")
            return EXIT_USAGE
        added = household.add_person(names[0], args.age)
        say(f"Added {added.nickname} ({AGE_BANDS[added.age_band]}).")
        return EXIT_OK
    person = household.person(names[0])
    if person is None:
        say(f"There is nobody called {names[0]}.")
        return EXIT_USAGE
    if args.action == "rename":
        if len(names) < 2:
            say("Give the new name too: homeguard people rename OLD NEW")
            return EXIT_USAGE
        say(f"{person.nickname} is now {household.rename_person(person, names[1]).nickname}.")
    elif args.action == "remove":
        household.remove_person(person)
        say(f"Removed {person.nickname} and their answers.")
    else:
        unknown = [s for s in names[1:] if s not in content.services]
        if unknown:
            say(f"Unknown {word_for(len(unknown), 'service')}: {', '.join(unknown)}. "
                f"Known: {', '.join(sorted(content.services))}")
            return EXIT_USAGE
        household.set_services(person, names[1:])
        say(f"{person.nickname} uses: {', '.join(names[1:]) or 'none of the listed services'}.")
    return EXIT_OK


def _devices(args: argparse.Namespace, household: Household, content: Content, say: Say) -> int:
    if args.action == "list":
        devices = household.devices()
        if not devices:
            say("No devices yet." if not household.devices_reviewed() else "The family has no phones, tablets or "
                "consoles listed.")
        names = {person.id: person.nickname for person in household.people()}
        for listed in devices:
            kind = content.device_kinds.get(listed.kind)
            whose = names.get(listed.person_id) if listed.person_id is not None else None
            say(f"{listed.name}: {kind.name if kind else listed.kind}, "
                f"{f'belongs to {whose}' if whose else 'shared by the family'}")
        say("Kinds: " + ", ".join(sorted(content.device_kinds)))
        return EXIT_OK
    if args.action == "none":
        household.mark_devices_reviewed()
        say("Noted: no phones, tablets or consoles to check.")
        return EXIT_OK
    if not args.name:
        say("Which device? For example: homeguard devices add \"Sam's iPhone\" --kind iphone")
        return EXIT_USAGE
    if args.action == "add":
        if args.kind not in content.device_kinds:
            say(f"Say which kind with --kind: {', '.join(sorted(content.device_kinds))}")
            return EXIT_USAGE
        owner = household.person(args.owner) if args.owner else None
        added = household.add_device(args.name, args.kind, owner)
        say(f"Added {added.name}.")
        return EXIT_OK
    device = household.device(args.name)
    if device is None:
        say(f"There is no device called {args.name}.")
        return EXIT_USAGE
    if args.action == "rename":
        if not args.new_name:
            say("Give the new name too: homeguard devices rename OLD NEW")
            return EXIT_USAGE
        say(f"{device.name} is now called {household.rename_device(device, args.new_name).name}. Its answers "
            "stay with it.")
        return EXIT_OK
    if args.action == "owner":
        return _device_owner(args, household, device, say)
    household.remove_device(device)
    say(f"Removed {device.name}.")
    return EXIT_OK


def _device_owner(args: argparse.Namespace, household: Household, device: Device, say: Say) -> int:
    """`devices owner NAME --owner PERSON` or `--shared`: whose the device is; its answers stay with it."""
    if args.shared:
        household.set_device_owner(device, None)
        say(f"{device.name} is now shared by the family.")
        return EXIT_OK
    if not args.owner:
        say(f"Say whose it is: homeguard devices owner \"{device.name}\" --owner NAME (or --shared)")
        return EXIT_USAGE
    person = household.person(args.owner)
    if person is None:
        say(f"There is nobody called {args.owner}.")
        return EXIT_USAGE
    household.set_device_owner(device, person)
    say(f"{device.name} now belongs to {person.nickname}.")
    return EXIT_OK


def household_region(content: Content, store: Store) -> Region | None:
    """The region chosen in the settings, else the one this computer's locale points to."""
    return region_for(content.help_now, chosen=store.settings().region, locale_name=RealHost().locale())


def _help_now(args: argparse.Namespace, store: Store, content: Content, say: Say) -> int:
    chosen = args.region or store.settings().region
    if args.region and not content.help_now.region(args.region):
        say(f"Unknown region {args.region}. Choose one of: "
            f"{', '.join(r.id for r in content.help_now.regions)}")
        return EXIT_USAGE
    region = region_for(content.help_now, chosen=chosen, locale_name=RealHost().locale())
    say(render_text(content.help_now, region, width=max(60, shutil.get_terminal_size((100, 24)).columns - 4)))
    return EXIT_OK


def _notes(args: argparse.Namespace, store: Store, ask: Ask, say: Say) -> int:
    notes = NotesStore(store.data_dir)
    try:
        if args.action == "list":
            saved = notes.list()
            if not saved:
                say("No notes yet. Write one with: homeguard notes add")
            for note in saved:
                say(f"{note.id}: {note.value('where') or 'somewhere'}, {note.value('their_name') or 'unknown name'}")
            return EXIT_OK
        if args.action == "add":
            say("Write down what you know, as text. Screenshots of the chat, the profile and any demands are good "
                "evidence too. Never screenshot, save or forward a nude or sexual picture: leave the messages "
                "where they are. Press Enter to leave a line empty; type q to stop without saving.")
            values = {}
            try:
                for name, label, hint in FIELDS:
                    answer = ask(f"{label} ({hint}): ")
                    if answer.strip().lower() == "q":
                        raise Stop
                    values[name] = answer
            except (Stop, EOFError):
                say("Nothing was saved.")
                return EXIT_OK
            note = notes.add(values)
            say(f"Saved as note {note.id}, in {notes.path} (kept apart from the check history).")
            return EXIT_OK
        if args.action == "print":
            saved = notes.list()
            say(summary_text(saved))
            if args.html:
                try:
                    atomic_file.write_text(args.html, summary_html(saved))
                except OSError as exc:
                    say(f"The page could not be written to {args.html}: {exc.strerror or exc}.")
                    return EXIT_USAGE
                say(f"A printable page was written to {args.html}.")
            return EXIT_OK
        if args.action == "delete":
            if args.note_id is None or not notes.delete(args.note_id):
                say("Say which note to delete by its number (see `homeguard notes`).")
                return EXIT_USAGE
            say(f"Note {args.note_id} was deleted.")
            return EXIT_OK
        notes.delete_all()
        say("All notes were deleted.")
        return EXIT_OK
    except StoreError as exc:
        say(f"homeguard: {exc}")
        return 3
