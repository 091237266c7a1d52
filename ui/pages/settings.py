"""Settings: where the family lives (for the help contacts), how soon the screen must lock, the shared folder for the
family's computers, the weekly re-check (``ui.widgets.keep_watch``), where the data is kept, safe mode, and deleting
everything Homeguard has stored.

Deleting all data is ``auditor.erase.delete_all_data``: the history file is emptied in place and the same
``Store`` stays open, so every page goes on working with an empty household. Safe mode is kept with the engine's
settings (``auditor.safe_mode``), so the terminal honours it too. The shared folder's rules are
``auditor.shared_folder``'s and its background work is ``ui.shared_folder_jobs``'s; this page only chooses it and
shows what its last read and write came to. ``ask_shared_folder`` is a function of its own so tests can answer it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from auditor.erase import delete_all_data
from auditor.safe_mode import safe_mode_requested
from ui.context import AppContext
from ui.pages import Page
from ui.shared_folder_jobs import stop_using, use_folder
from ui.style import button, card, heading, muted, plain_label
from ui.widgets.keep_watch import KeepWatchSection

FROM_LOCALE = "From this computer's language settings"
NO_SHARED_FOLDER = "No shared folder is chosen."
SHARED_FOLDER_HELP = (
    "Choose a folder every computer in your home can reach: a USB stick, or a folder your own sync tool (OneDrive, "
    "iCloud Drive, Dropbox, Nextcloud) keeps up to date. Each computer puts its latest report there after each "
    "scan, and Homeguard reads the others' reports from it when it opens. Homeguard never sends anything itself: "
    "your sync tool or the USB stick carries the files.")


# -- dialogs, as small functions so tests can replace them --------------------------------------------------------

def ask_confirm_delete(parent: QWidget | None) -> bool:
    answer = QMessageBox.question(
        parent, "Delete all of Homeguard's data?",
        "This deletes the scan history, the people in your household and their answers, quiz results, and the "
        "evidence notes. Homeguard itself stays installed. This cannot be undone.\n\nDelete everything?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


def ask_shared_folder(parent: QWidget | None, start: str = "") -> str:
    """The folder the person chose for the family's reports; "" when they cancel."""
    return QFileDialog.getExistingDirectory(parent, "Choose the shared folder", start)


def region_choices(context: AppContext) -> list[tuple[str, str]]:
    """(label, region id) for the region combo boxes; "" means "from the computer's language settings"."""
    detected = ""
    if not context.settings.region:
        region = context.region()
        detected = f" (now: {region.name})" if region else ""
    choices = [(FROM_LOCALE + detected, "")]
    choices.extend((region.name, region.id) for region in context.content.help_now.regions)
    return choices


def fill_region_combo(combo: QComboBox, context: AppContext) -> None:
    """Fill (or only re-select in) a region combo box without emitting its change signal."""
    choices = region_choices(context)
    combo.blockSignals(True)
    try:
        if [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())] != choices:
            combo.clear()
            for label, region_id in choices:
                combo.addItem(label, region_id)
        combo.setCurrentIndex(max(0, combo.findData(context.settings.region)))
    finally:
        combo.blockSignals(False)


def choose_region(context: AppContext, region_id: str) -> None:
    settings = context.settings
    if settings.region != region_id:
        context.save_settings(settings.with_value("region", region_id))


class SettingsPage(Page):
    page_id = "settings"
    title = "Settings"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.setSpacing(14)
        layout.addWidget(heading(self.title))

        # -- how Homeguard judges and helps ---------------------------------------------------------------------
        general, general_layout = card()
        general_layout.addWidget(heading("Where you live and how checks judge", 2))
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.region = QComboBox()
        self.region.setAccessibleName("Region for help contacts")
        self.region.setToolTip("Which country's police, helplines and reporting services Get help now shows")
        self.region.currentIndexChanged.connect(self._on_region)
        self.region.setMinimumWidth(340)
        form.addRow("&Region:", self.region)
        form.addRow(muted(plain_label("Get help now shows the police, helplines and reporting services for this "
                                     "region.")))
        self.lock_minutes = QSpinBox()
        self.lock_minutes.setRange(1, 240)
        self.lock_minutes.setSuffix(" minutes")
        # Fusion's spin box keeps its frame's height at a large font; give its text room to match the font
        self.lock_minutes.setMinimumHeight(self.lock_minutes.fontMetrics().height() + 14)
        self.lock_minutes.setAccessibleName("Screen lock: longest time before it locks")
        self.lock_minutes.setToolTip("A screen that locks within this time counts as fine")
        self.lock_minutes.valueChanged.connect(self._on_lock_minutes)
        form.addRow("Screen &lock within:", self.lock_minutes)
        form.addRow(muted(plain_label("A screen that locks within this time after the computer is left alone counts "
                                     "as fine. Applies from the next scan.")))
        general_layout.addLayout(form)
        layout.addWidget(general)
        layout.addWidget(self._shared_folder_card())
        self.keep_watch = KeepWatchSection(context)  # the weekly re-check (auditor.schedule)
        layout.addWidget(self.keep_watch)

        # -- the data folder ------------------------------------------------------------------------------------
        data, data_layout = card()
        data_layout.addWidget(heading("Your data", 2))
        data_layout.addWidget(plain_label("Homeguard keeps its history, your household's answers and any evidence "
                                          "notes only in this folder, on this computer:"))
        self.data_dir = plain_label("", selectable=True)
        self.data_dir.setAccessibleName("Data folder")
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.data_dir, 1)
        self.open_folder = QPushButton("&Open folder")
        self.open_folder.setAccessibleName("Open the data folder")
        self.open_folder.setToolTip("Show the data folder in your file manager")
        self.open_folder.clicked.connect(self._open_folder)
        folder_row.addWidget(self.open_folder, 0, Qt.AlignmentFlag.AlignTop)
        data_layout.addLayout(folder_row)
        self.folder_message = plain_label("")
        self.folder_message.hide()
        data_layout.addWidget(self.folder_message)
        layout.addWidget(data)

        # -- safe mode -------------------------------------------------------------------------------------------
        safe, safe_layout = card()
        safe_layout.addWidget(heading("Safe mode", 2))
        self.safe_mode = QCheckBox("Use only the &built-in checks")
        safe_layout.addWidget(plain_label("Checks added by other programs (add-ons) are then left out, in the window "
                                          "and in the terminal."))
        self.safe_mode.setAccessibleName("Safe mode: use only the built-in checks")
        self.safe_mode.setToolTip("Leaves out checks added by other programs (add-ons)")
        self.safe_mode.toggled.connect(self._on_safe_mode)
        safe_layout.addWidget(self.safe_mode)
        self.safe_note = muted(plain_label(""))
        safe_layout.addWidget(self.safe_note)
        layout.addWidget(safe)

        # -- delete everything -----------------------------------------------------------------------------------
        danger, danger_layout = card()
        danger_layout.addWidget(heading("Delete all data", 2))
        danger_layout.addWidget(plain_label("Removes the scan history, the household, everyone's answers and quiz "
                                            "results, and the evidence notes from this computer. You will be asked "
                                            "to confirm."))
        delete_row = QHBoxLayout()
        self.delete_button = QPushButton("&Delete all data\u2026")
        self.delete_button.setAccessibleName("Delete all data")
        self.delete_button.setToolTip("Delete everything Homeguard has stored on this computer")
        self.delete_button.clicked.connect(self.delete_everything)
        delete_row.addWidget(self.delete_button)
        delete_row.addStretch(1)
        danger_layout.addLayout(delete_row)
        self.delete_message = plain_label("")
        self.delete_message.setAccessibleName("Delete all data: result")
        self.delete_message.hide()
        danger_layout.addWidget(self.delete_message)
        layout.addWidget(danger)
        layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setAccessibleName("All settings")  # a named Tab stop: the arrow keys scroll it
        scroll.setWidget(body)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)

    def _shared_folder_card(self) -> QWidget:
        shared, shared_layout = card()
        shared.setAccessibleName("Computers in this home: the shared folder")
        shared_layout.addWidget(heading("Computers in this home", 2))
        shared_layout.addWidget(plain_label(SHARED_FOLDER_HELP))
        self.shared_folder = plain_label(NO_SHARED_FOLDER, selectable=True)
        self.shared_folder.setAccessibleName("Shared folder")
        shared_layout.addWidget(self.shared_folder)
        row = QHBoxLayout()
        self.choose_shared = button("Choose shared &folder\u2026", "Choose shared folder",
                                    tip="Choose the folder the family's computers share their reports through",
                                    on_click=self.choose_shared_folder)
        self.stop_shared = button("S&top using it", "Stop using the shared folder",
                                  tip="Stop putting reports there and reading them; the files and the computers "
                                      "already added stay", on_click=self.stop_sharing)
        row.addWidget(self.choose_shared)
        row.addWidget(self.stop_shared)
        row.addStretch(1)
        shared_layout.addLayout(row)
        self.shared_news = muted(plain_label("", selectable=True))
        self.shared_news.setAccessibleName("Shared folder: what happened")
        self.shared_news.hide()
        shared_layout.addWidget(self.shared_news)
        self._shared_said = ""  # why a folder just chosen cannot be used, until the next choice
        return shared

    def refresh(self) -> None:
        self.show_shared_folder()
        self.keep_watch.refresh()
        settings = self.context.settings
        fill_region_combo(self.region, self.context)
        self.lock_minutes.blockSignals(True)
        self.lock_minutes.setValue(settings.screen_lock_max_minutes)
        self.lock_minutes.blockSignals(False)
        self.data_dir.setText(str(self.context.store.data_dir))
        forced = safe_mode_requested(False)
        self.safe_mode.blockSignals(True)
        self.safe_mode.setChecked(forced or self.context.safe_mode)
        self.safe_mode.setEnabled(not forced)
        self.safe_mode.blockSignals(False)
        self._update_safe_note(forced)

    def _update_safe_note(self, forced: bool = False) -> None:
        if forced:
            text = "Safe mode is on because Homeguard was started with it (HOMEGUARD_SAFE_MODE)."
        else:
            text = ("Checks added by other programs are left out. Applies from the next scan." if
                    self.safe_mode.isChecked() else
                    "Turn this on if a check added by another program misbehaves. Applies from the next scan.")
        self.safe_note.setText(text)

    # -- changes -------------------------------------------------------------------------------------------------
    def _on_region(self) -> None:
        choose_region(self.context, self.region.currentData() or "")

    def _on_lock_minutes(self, value: int) -> None:
        settings = self.context.settings
        if settings.screen_lock_max_minutes != value:
            self.context.save_settings(settings.with_value("screen_lock_max_minutes", value))

    def _on_safe_mode(self, on: bool) -> None:
        self.context.save_settings(self.context.settings.with_value("safe_mode", on))
        self.context.safe_mode = on
        self._update_safe_note()

    # -- the shared folder -------------------------------------------------------------------------------------------
    def show_shared_folder(self) -> None:
        """The folder as plain text, and what its last check, read and write came to."""
        folder = self.context.settings.shared_folder
        self.shared_folder.setText(f"Shared folder: {folder}" if folder else NO_SHARED_FOLDER)
        self.stop_shared.setEnabled(bool(folder))
        said = [self._shared_said]
        if folder:
            said += [self.context.shared_folder_news, self.context.shared_folder_written]
        text = "\n".join(line for line in said if line)
        self.shared_news.setText(text)
        self.shared_news.setVisible(bool(text))

    def choose_shared_folder(self) -> None:
        path = ask_shared_folder(self, self.context.settings.shared_folder)
        if not path:
            return
        self._shared_said = "Checking the folder\u2026"
        self.show_shared_folder()

        def said(problem: str) -> None:
            self._shared_said = f"That folder cannot be used. {problem}"
            self.show_shared_folder()

        def chosen() -> None:
            self._shared_said = ""
            self.show_shared_folder()

        use_folder(self.context, path, said=said, then=chosen)

    def stop_sharing(self) -> None:
        self._shared_said = ""
        stop_using(self.context)  # saved through the writer; data_changed then refreshes this page
        self.show_shared_folder()

    def _open_folder(self) -> None:
        url = QUrl.fromLocalFile(str(self.context.store.data_dir)).toString()
        if not self.context.open_url(url):
            self.folder_message.setText("The folder could not be opened here; its path is shown above.")
            self.folder_message.show()

    def delete_everything(self) -> None:
        if self.context.scanning:
            self._say("A scan is running. Wait for it to finish, or cancel it, then delete.")
            return
        if not ask_confirm_delete(self):
            return

        def deleted(_: object) -> None:  # the context then tells every page (data_changed)
            self.context.safe_mode = safe_mode_requested(False)
            self.refresh()
            self._say("Everything Homeguard had stored has been deleted. You can start again whenever you like.")

        def not_deleted(exc: BaseException) -> None:  # told plainly, never half-silent
            self._say(f"Not everything could be deleted: {exc}. Close Homeguard and delete the data folder shown "
                      "above by hand.")

        # Through the context's writer, after any save still under way, so nothing is written back afterwards.
        store = self.context.store
        self.context.save(lambda: delete_all_data(store), then=deleted, failed=not_deleted, name="delete all data")

    def _say(self, text: str) -> None:
        self.delete_message.setText(text)
        self.delete_message.show()
