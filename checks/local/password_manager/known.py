"""Password managers Homeguard recognises, and the browser add-ons they publish.

Browser add-on ids are the same on every operating system, so they live here, shared by every platform's probe.
Each id was checked against a source that does not depend on guesswork:

- Chrome Web Store ids: the list Brave's own code keeps of known password-manager extensions
  (brave-core ``chromium_src/extensions/common/permissions/permissions_data.cc``); Bitwarden's desktop app, which
  lists its Chrome, Chrome beta, Edge and Opera ids for native messaging (bitwarden/clients
  ``apps/desktop/src/main/native-messaging.main.ts``); KeePassXC's native-messaging manifest (Chrome and Edge ids);
  1Password's native-messaging manifest (``allowed_origins``); Proton's web client constants (``PASS_CHROME_URL``,
  ``PASS_EDGE_URL``); Chrome Web Store addresses for NordPass. Bitwarden's id was also recomputed from the public
  key in its store manifest, and KeePassXC's from the key in Debian's webext-keepassxc-browser package.
- Firefox add-on ids: the ids addons.mozilla.org publishes (as recorded by the generated firefox-addons package
  set), Bitwarden's desktop app (``allowed_extensions``) and 1Password's native-messaging manifest.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Manager:
    name: str
    chromium_ids: tuple[str, ...] = ()  # Chrome Web Store, Edge Add-ons and Opera add-on ids
    firefox_ids: tuple[str, ...] = ()


MANAGERS: tuple[Manager, ...] = (
    Manager(
        "1Password",
        chromium_ids=(
            "aeblfdkhhhdcdjpifhhbdiojplfjncoa",  # Chrome Web Store (1Password, formerly 1Password X)
            "aomjjhallfgjeglblehebfpbcfeobpgk",  # Chrome Web Store, the older 1Password extension
            "khgocmkkpikpnmmkgmdnfckapcdkgfaf",  # beta
            "dppgmdbiimibapkepcbdbmkaabgiofem",  # Microsoft Edge Add-ons
            "bkpbhnjcbehoklfkljkkbbmipaphipgl",  # in 1Password's native-messaging allowed_origins
            "gejiddohjgogedgjnonbofjigllpkmbf",  # in 1Password's native-messaging allowed_origins
            "hjlinigoblmkhjejkmbegnoaljkphmgo",  # in 1Password's native-messaging allowed_origins
        ),
        firefox_ids=(
            "{d634138d-c276-4fc8-924b-40a0ea21d284}",  # addons.mozilla.org: 1password-x-password-manager
            "{0a75d802-9aed-41e7-8daa-24c067386e82}",  # in 1Password's native-messaging allowed_extensions
            "{25fc87fa-4d31-4fee-b5c1-c32a7844c063}",  # in 1Password's native-messaging allowed_extensions
        ),
    ),
    Manager(
        "Bitwarden",
        chromium_ids=(
            "nngceckbapebfimnlniiiahkandclblb",  # Chrome Web Store
            "hccnnhgbibccigepcmlgppchkpfdophk",  # Chrome Web Store, beta
            "jbkfoedolllekgbhcbcoahefnbanhhlh",  # Microsoft Edge Add-ons
            "ccnckbpmaceehanjmeomladnmlffdjgn",  # Opera add-ons
        ),
        firefox_ids=("{446900e4-71c2-419f-a6a7-df9c091e268b}",),
    ),
    Manager(
        "KeePassXC",
        chromium_ids=(
            "oboonakemofpalcgghocfoadofidjkkk",  # Chrome Web Store
            "pdffhmdngciaglkoonimfcmckehcpafo",  # Microsoft Edge Add-ons
        ),
        firefox_ids=("keepassxc-browser@keepassxc.org",),
    ),
    Manager("KeePass 2"),
    Manager("KeePassX"),
    Manager("Kee (for KeePass)", firefox_ids=("keefox@chris.tomlinson",)),
    Manager(
        "Proton Pass",
        chromium_ids=(
            "ghmbeldphafepmbegfdlkpapadhbakde",  # Chrome Web Store
            "gcllgfdnfnllodcaambdaknbipemelie",  # Microsoft Edge Add-ons
        ),
        firefox_ids=("78272b6fa58f4a1abaac99321d503a20@proton.me",),
    ),
    Manager("Enpass", chromium_ids=("kmcfomidfpdkfieipokbalgegidffkal",), firefox_ids=("firefox-enpass@enpass.io",)),
    Manager(
        "NordPass",
        chromium_ids=(
            "fooolghllnmhmmndgjiamiiodkpenpbb",  # Chrome Web Store
            "eiaeiblijfjekdanodkjadfinkhbfgcd",  # Chrome Web Store, the version that works without the app
        ),
        firefox_ids=("nordpassStandalone@nordsecurity.com",),
    ),
    Manager("Dashlane", chromium_ids=("fdjamakpfbbddfjaooikfcpapjohcfmg",),
            firefox_ids=("jetpack-extension@dashlane.com",)),
    Manager("LastPass", chromium_ids=("hdokiejnpimakedhajhdlcegeplioahd",), firefox_ids=("support@lastpass.com",)),
    Manager("Keeper", chromium_ids=("bfogiafebfohielmmehodmfbbebbbpei",),
            firefox_ids=("KeeperFFStoreExtension@KeeperSecurityInc",)),
    Manager("RoboForm", chromium_ids=("pnlccmojcmeohlpggmfnbbiapkmbliob",)),
    Manager("SafeInCloud", chromium_ids=("lchdigjbcmdgcfeijpfkpadacbijihjl",)),
    Manager("PainFree Passwords", chromium_ids=("hplhaekjfmjfnfdllkpjpeenlbclffgh",)),
    Manager("pass (with Browserpass)", firefox_ids=("browserpass@maximbaz.com",)),
    Manager("pass"),
    Manager("gopass"),
    Manager("QtPass (for pass)"),
    Manager("rbw (for Bitwarden)"),
    Manager("Password Safe"),
    Manager("Secrets (for KeePass files)"),
    Manager("Buttercup"),
)

BY_CHROMIUM_ID = {ext: m.name for m in MANAGERS for ext in m.chromium_ids}
BY_FIREFOX_ID = {ext: m.name for m in MANAGERS for ext in m.firefox_ids}
