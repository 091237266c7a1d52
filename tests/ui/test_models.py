"""The results model and its filter: valid item models, filled row by row, filtered the way a person asks."""

import pytest

pytest.importorskip("PySide6")

from PySide6.QtCore import Qt
from PySide6.QtGui import QIcon

from auditor.model import Evidence, Result, Severity, Status
from ui.models.results import COL_ADVICE, COL_CHECK, COL_IMPORTANCE, COL_STATUS, ResultsFilter, ResultsModel
from ui.models.roles import ITEM_ROLE, STATUS_ROLE


def result(check_id: str, status: Status, severity: Severity = Severity.MEDIUM, *, title: str = "",
           strategy: str = "secure-devices", summary: str = "", subject: str = "", kind: str = "device") -> Result:
    return Result(check_id=check_id, title=title or check_id.replace("-", " ").capitalize(), strategy=strategy,
                  severity=severity, status=status, summary=summary or f"{check_id} is {status}",
                  evidence=(Evidence("a file", "a value"),), kind=kind, subject=subject)


SAMPLE = [
    result("screen-lock", Status.PASS, Severity.HIGH, title="The screen locks when you step away"),
    result("disk-encryption", Status.FAIL, Severity.HIGH, title="The disk is encrypted",
           summary="The disk this computer runs from is not encrypted."),
    result("os-updates", Status.PARTIAL, Severity.HIGH, title="Software updates are installed"),
    result("credential-store", Status.UNKNOWN, Severity.MEDIUM, title="Saved passwords are kept in a locked store"),
    result("remote-access", Status.PASS, Severity.CRITICAL, strategy="personal-info",
           title="Nobody can reach or control this computer remotely"),
    result("broken-plugin", Status.ERROR, Severity.INFO, strategy="", title="Check from a plugin"),
    result("secure-boot", Status.NOT_APPLICABLE, Severity.LOW, title="Secure Boot"),
    result("two-step-instagram", Status.FAIL, Severity.HIGH, strategy="secure-devices", kind="guided",
           subject="Maya <b>", title="Instagram asks for a code as well as the password"),
]


def texts(model, column: int = COL_CHECK) -> list[str]:
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_the_model_and_its_filter_are_valid_item_models(qtbot, qtmodeltester):
    model = ResultsModel()
    model.set_rows(SAMPLE)
    qtmodeltester.check(model)
    proxy = ResultsFilter()
    proxy.setSourceModel(model)
    proxy.sort(COL_STATUS)
    qtmodeltester.check(proxy)
    proxy.set_status_filter("attention")
    proxy.set_text("disk")
    qtmodeltester.check(proxy)


def test_rows_arrive_one_at_a_time_and_updates_keep_their_row(qtbot, qtmodeltester):
    model = ResultsModel()
    qtmodeltester.check(model)  # keeps watching the model's signals while rows arrive
    inserted = []
    model.rowsInserted.connect(lambda _parent, first, last: inserted.append((first, last)))
    for item in SAMPLE[:3]:
        model.put(item)
    assert inserted == [(0, 0), (1, 1), (2, 2)]
    assert texts(model) == [r.title for r in SAMPLE[:3]]

    changed = []
    model.dataChanged.connect(lambda top_left, bottom_right: changed.append((top_left.row(), bottom_right.row())))
    fixed = result("disk-encryption", Status.PASS, Severity.HIGH, title="The disk is encrypted")
    assert model.put(fixed) == 1
    assert model.rowCount() == 3 and changed == [(1, 1)]
    assert model.index(1, COL_STATUS).data() == "OK"
    assert model.row_of_check("disk-encryption") == 1 and model.row_of_check("nothing") == -1


def test_what_each_column_shows(qtbot):
    model = ResultsModel()
    model.set_rows(SAMPLE)
    row = model.row_of_check("disk-encryption")
    assert model.index(row, COL_STATUS).data() == "Needs fixing"
    assert isinstance(model.index(row, COL_STATUS).data(Qt.ItemDataRole.DecorationRole), QIcon)
    assert model.index(row, COL_CHECK).data() == "The disk is encrypted"
    assert model.index(row, COL_ADVICE).data() == "Secure your devices"
    assert model.index(row, COL_IMPORTANCE).data() == "High"
    assert model.index(row, COL_CHECK).data(Qt.ItemDataRole.ToolTipRole) == SAMPLE[1].summary
    assert model.index(row, COL_CHECK).data(ITEM_ROLE) is SAMPLE[1]
    assert Status(model.index(row, COL_CHECK).data(STATUS_ROLE)) is Status.FAIL
    assert model.index(model.row_of_check("remote-access"), COL_IMPORTANCE).data() == "Most important"
    assert model.index(model.row_of_check("broken-plugin"), COL_ADVICE).data() == "Not scored"
    assert model.index(model.row_of_check("credential-store"), COL_STATUS).data() == "Not checked"
    # A guided answer names who it is about; the name is data for a plain-text view, never markup.
    guided = model.row_of_check("two-step-instagram", "Maya <b>")
    assert model.index(guided, COL_CHECK).data() == "Instagram asks for a code as well as the password \u2014 Maya <b>"
    assert model.headerData(COL_STATUS, Qt.Orientation.Horizontal) == "Status"


def test_sorting_by_status_puts_what_needs_attention_first(qtbot):
    model = ResultsModel()
    model.set_rows(SAMPLE)
    proxy = ResultsFilter()
    proxy.setSourceModel(model)
    proxy.sort(COL_STATUS, Qt.SortOrder.AscendingOrder)
    statuses = [proxy.result_at(row).status for row in range(proxy.rowCount())]
    assert statuses == [Status.FAIL, Status.FAIL, Status.PARTIAL, Status.ERROR, Status.UNKNOWN, Status.PASS,
                        Status.PASS, Status.NOT_APPLICABLE]
    passes = [proxy.result_at(row).check_id for row in range(proxy.rowCount())
              if proxy.result_at(row).status is Status.PASS]
    assert passes == ["remote-access", "screen-lock"]  # within a status, the weightier check first


@pytest.mark.parametrize(("key", "expected"), [
    ("attention", {"disk-encryption", "os-updates", "two-step-instagram"}),
    ("ok", {"screen-lock", "remote-access"}),
    ("unchecked", {"credential-store", "broken-plugin"}),
    ("all", {r.check_id for r in SAMPLE}),
])
def test_the_status_filter(qtbot, key, expected):
    model = ResultsModel()
    model.set_rows(SAMPLE)
    proxy = ResultsFilter()
    proxy.setSourceModel(model)
    proxy.set_status_filter(key)
    assert proxy.status_key == key
    assert {proxy.result_at(row).check_id for row in range(proxy.rowCount())} == expected


def test_the_text_search_looks_at_titles_people_reasons_and_advice(qtbot):
    model = ResultsModel()
    model.set_rows(SAMPLE)
    proxy = ResultsFilter()
    proxy.setSourceModel(model)

    def found(text: str) -> set[str]:
        proxy.set_text(text)
        return {proxy.result_at(row).check_id for row in range(proxy.rowCount())}

    assert found("DISK") == {"disk-encryption"}
    assert found("  screen   locks ") == {"screen-lock"}
    assert found("maya") == {"two-step-instagram"}
    assert found("not encrypted") == {"disk-encryption"}
    assert found("personal information") == {"remote-access"}
    assert found("needs fixing") == {"disk-encryption", "two-step-instagram"}
    assert found("no such thing") == set()
    assert found("") == {r.check_id for r in SAMPLE}
    proxy.set_status_filter("ok")
    assert found("screen") == {"screen-lock"} and found("disk") == set()
    with pytest.raises(ValueError):
        proxy.set_status_filter("everything")


def test_new_rows_pass_through_the_filter_as_they_arrive(qtbot):
    model = ResultsModel()
    proxy = ResultsFilter()
    proxy.setSourceModel(model)
    proxy.set_status_filter("attention")
    model.put(SAMPLE[0])
    assert proxy.rowCount() == 0
    model.put(SAMPLE[1])
    assert proxy.rowCount() == 1 and proxy.result_at(0).check_id == "disk-encryption"
    model.clear()
    assert proxy.rowCount() == 0 and model.rowCount() == 0
