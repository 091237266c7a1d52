"""From what the search saw to a verdict and words a worried person can act on.

The order of the verdicts follows the harm:
* spying kinds (stalkerware, commercial "spy" products, keyloggers) found: fail. The words are safety-first,
  because the person who installed it may be watching: do not remove it yet (that can alert them and destroys
  evidence), talk to a specialist service first, keep a record of what Homeguard shows, then remove it with help;
* work or school monitoring found: partly. It is expected on a work or school computer the person was told about,
  and a reason to ask on a family one;
* only parental control found: pass, with the product named. The family may well have chosen it, and calling it an
  attack would push parents to remove protection they set up on purpose; but it is always listed, so a parent sees
  it, and a teenager or partner who did not know can follow the same steps;
* nothing found: pass only if the running programs and every place that matters could be read. If not, "could not
  tell", naming the places, never a pass.
"""

from __future__ import annotations

from auditor.check import finding
from auditor.model import Evidence, Finding, Status
from auditor.plural import plural

from .catalogue import FAMILY_KINDS, SPYING_KINDS, WORKPLACE_KINDS, Catalogue, Product
from .safety import COALITION_URL as COALITION_URL  # the words live in .safety; the link is named here too
from .search import Look


def names(products: list[Product]) -> str:
    return ", ".join(p.name for p in products)


def judge(look: Look, catalogue: Catalogue, products: tuple[Product, ...], *, system: str,
          processes_seen: int) -> Finding:
    evidence = _evidence(look, catalogue, products, system, processes_seen)
    found: list[Product] = []
    for match in look.matches:
        if match.product not in found:
            found.append(match.product)
    spying = [p for p in found if p.kind in SPYING_KINDS]
    workplace = [p for p in found if p.kind in WORKPLACE_KINDS]
    family = [p for p in found if p.kind in FAMILY_KINDS]
    # Said in full here: a passing check's steps are not shown, so this sentence has to stand on its own.
    family_note = (f" Known monitoring: {names(family)} (parental control): fine if you set it up, or your parents "
                   "did and told you. If nobody in your family chose it, do not remove it yet: talk to someone you "
                   "trust first, or open \u201cGet help now\u201d in Homeguard.") if family else ""

    if spying:
        also = [p for p in found if p not in spying]
        return finding(Status.FAIL, (
            f"Monitoring software that is made to watch someone in secret was found: {names(spying)}. It can record "
            "what is typed and shown on this computer and send it to someone else. Please read the steps below "
            "before you remove anything: removing it may alert the person who installed it."
            + (f" Also found: {names(also)}." if also else "")), evidence)
    if workplace:
        return finding(Status.PARTIAL, (
            f"Work or school monitoring was found: {names(workplace)}. That is expected on a computer from work or "
            "school, if you were told about it. A family computer should not have it: if you did not expect it, "
            "treat it as spying software and follow the steps below." + family_note), evidence)
    if processes_seen == 0:
        return finding(Status.UNKNOWN, "Could not tell: Homeguard could not see the programs running on this "
                       "computer." + family_note, evidence)
    if look.refused or look.ran_out_of_time:
        why = "; ".join(f"{place}: {reason}" for place, reason in list(look.refused.items())[:4])
        why = (f"Homeguard could not look everywhere it needs to ({why})" if why else
               "Homeguard ran out of time before it had looked everywhere")
        return finding(Status.UNKNOWN, f"Could not tell: no known monitoring software was found, but {why}."
                       + family_note, evidence)
    if family:
        return finding(Status.PASS, "No spying software was found." + family_note, evidence)
    return finding(Status.PASS, f"None of the {len(products)} monitoring and spying products Homeguard knows for "
                   f"{system} was found.", evidence)


def _evidence(look: Look, catalogue: Catalogue, products: tuple[Product, ...], system: str,
              processes_seen: int) -> list[Evidence]:
    evidence = [Evidence("known products", f"{len(products)} for {system} (list checked {catalogue.checked}): "
                         + ", ".join(p.name for p in products))]
    for match in look.matches[:20]:
        source = match.indicator.source
        evidence.append(Evidence(f"found: {match.product.name} ({match.product.kind})",
                                 f"{match.seen}; indicator from {source.title} ({source.version}), checked "
                                 f"{match.indicator.checked}"))
    evidence.append(Evidence("running programs", f"{processes_seen} looked at" if processes_seen
                             else "none could be listed"))
    evidence.append(Evidence("places looked in", f"{len(look.read)} read: " + (", ".join(sorted(look.read)[:12])
                                                                             or "none")))
    absent = sorted(look.absent - set(look.refused))
    if absent:
        evidence.append(Evidence("not on this computer", ", ".join(absent[:12])))
    for place, why in list(look.refused.items())[:10]:
        evidence.append(Evidence("could not look in", f"{place} ({why})"))
    if look.skipped:
        evidence.append(Evidence("skipped (damaged)", f"{plural(len(look.skipped), 'file')} could not be read as "
                                 "settings and were passed over: " + "; ".join(f"{place} ({why})" for place, why
                                                                      in list(look.skipped.items())[:5])))
    for place, why in list(look.refused_minor.items())[:5]:
        evidence.append(Evidence("needs administrator rights", f"{place} ({why})"))
    if look.ran_out_of_time:
        evidence.append(Evidence("time", "Homeguard stopped looking when its time ran out"))
    return evidence
