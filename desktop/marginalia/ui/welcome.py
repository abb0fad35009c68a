"""The first-run welcome shown in place of the reader while the library is empty.

A calm page: what Marginalia is for, an "Import files…" button, an "Add sample articles"
button and a line saying that files can be dropped onto the window. It only emits signals;
the window runs the import.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

TITLE_FONT_FAMILIES = ["Literata", "Noto Serif", "PT Serif", "Charis SIL", "Georgia", "DejaVu Serif", "serif"]

_STYLE = """
QFrame#welcome_card { background: palette(base); border: 1px solid palette(midlight); border-radius: 12px; }
QLabel#welcome_muted { color: palette(placeholder-text); }
QPushButton#welcome_import, QPushButton#welcome_samples { padding: 7px 18px; }
"""


class WelcomeWidget(QWidget):
    """Welcome page for an empty library. Emits ``import_requested`` and ``samples_requested``."""

    import_requested = Signal()
    samples_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("welcome")
        self.setStyleSheet(_STYLE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(32, 32, 32, 32)
        outer.addStretch(2)

        card = QFrame(self)
        card.setObjectName("welcome_card")
        card.setMaximumWidth(600)
        column = QVBoxLayout(card)
        column.setContentsMargins(40, 36, 40, 32)
        column.setSpacing(14)

        self.title_label = QLabel(self.tr("Welcome to Marginalia"))
        font = QFont()
        font.setFamilies(TITLE_FONT_FAMILIES)
        font.setPointSizeF(self.font().pointSizeF() * 2.0)
        self.title_label.setFont(font)
        column.addWidget(self.title_label)

        body_font = QFont(self.font())
        body_font.setPointSizeF(self.font().pointSizeF() * 1.1)
        self.intro_label = QLabel(self.tr(
            "Keep the articles you read, mark what matters and write down why. "
            "Everything stays on this computer: search it in Ukrainian, Russian or English "
            "and export your quotes with their sources."))
        self.intro_label.setWordWrap(True)
        self.intro_label.setTextFormat(Qt.TextFormat.PlainText)
        self.intro_label.setFont(body_font)
        column.addWidget(self.intro_label)

        steps = [
            self.tr("Import saved web pages (HTML), text files or Markdown notes."),
            self.tr("Select text in the reader and press H to highlight it, N to add a note."),
            self.tr("Press Ctrl+K to search everything you have read, in any word form."),
        ]
        self.steps_label = QLabel("".join(
            f'<p style="margin:0 0 6px 0;">{n}.&nbsp;&nbsp;{_escape(text)}</p>' for n, text in enumerate(steps, 1)))
        self.steps_label.setObjectName("welcome_muted")
        self.steps_label.setWordWrap(True)
        self.steps_label.setTextFormat(Qt.TextFormat.RichText)
        column.addSpacing(4)
        column.addWidget(self.steps_label)
        column.addSpacing(8)

        buttons = QHBoxLayout()
        buttons.setSpacing(10)
        self.import_button = QPushButton(self.tr("Import files…"))
        self.import_button.setObjectName("welcome_import")
        self.import_button.setDefault(True)
        self.import_button.clicked.connect(self.import_requested)
        self.samples_button = QPushButton(self.tr("Add sample articles"))
        self.samples_button.setObjectName("welcome_samples")
        self.samples_button.setToolTip(self.tr("Four short articles in Ukrainian and English to try things out."))
        self.samples_button.clicked.connect(self.samples_requested)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.samples_button)
        buttons.addStretch(1)
        column.addLayout(buttons)

        self.drop_label = QLabel(self.tr("You can also drag files or folders onto this window."))
        self.drop_label.setObjectName("welcome_muted")
        column.addWidget(self.drop_label)

        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(card, 6)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(3)

    def set_busy(self, busy: bool) -> None:
        """Disable the buttons while an import runs (the status bar shows its progress)."""
        self.import_button.setEnabled(not busy)
        self.samples_button.setEnabled(not busy)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
