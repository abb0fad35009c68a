"""Help → About Marginalia and Help → Keyboard shortcuts.

Both are small non-blocking dialogs: :func:`show_about` and :func:`show_shortcuts` open them
window-modal over ``parent`` and return the dialog (tests inspect it; the window may keep it).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFrame, QHBoxLayout, QLabel, QTextBrowser, QVBoxLayout, QWidget

from marginalia import __version__
from marginalia.ui import shortcuts as shortcut_list

LICENSE_NAME = "MIT"


class AboutDialog(QDialog):
    """The About box: name, version, what the app is for, and its license."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(self.tr("About Marginalia"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 20)
        layout.setSpacing(10)

        name = QLabel("Marginalia")
        font = QFont(name.font())
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setWeight(QFont.Weight.DemiBold)
        name.setFont(font)
        name.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(name)

        self.version_label = QLabel(self.tr("Version {version}").format(version=__version__))
        self.version_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.version_label.setStyleSheet("color: palette(placeholder-text);")
        layout.addWidget(self.version_label)

        self.description_label = QLabel(self.tr(
            "Read saved articles offline, highlight and annotate them, search everything you have read "
            "(Ukrainian-aware) and export your quotes."))
        self.description_label.setWordWrap(True)
        self.description_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(6)
        layout.addWidget(self.description_label)

        self.license_label = QLabel(self.tr("Free software under the {license} license. "
                                            "Your library stays on this computer.").format(license=LICENSE_NAME))
        self.license_label.setWordWrap(True)
        self.license_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.license_label)
        layout.addSpacing(8)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        buttons.accepted.connect(self.accept)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)


class ShortcutsDialog(QDialog):
    """Help → Keyboard shortcuts: every shortcut of :mod:`marginalia.ui.shortcuts`, by section."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)

        self.view = QTextBrowser(self)
        self.view.setObjectName("shortcuts_view")
        self.view.setOpenLinks(False)
        self.view.setFrameShape(QFrame.Shape.NoFrame)
        self.view.setHtml(self._html())
        layout.addWidget(self.view)

        row = QHBoxLayout()
        hint = QLabel(self.tr("Highlight keys work in the reader while text is selected."))
        hint.setStyleSheet("color: palette(placeholder-text);")
        row.addWidget(hint, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.resize(600, 680)

    def _html(self) -> str:
        palette = self.palette()
        key_bg = palette.color(QPalette.ColorRole.AlternateBase).darker(104).name()
        muted = palette.color(QPalette.ColorRole.PlaceholderText).name()
        parts = []
        for section, items in shortcut_list.by_section():
            parts.append(f'<p style="margin:14px 0 4px 0; font-weight:600; color:{muted};">'
                         f"{html.escape(shortcut_list.translated(section).upper())}</p>")
            parts.append('<table width="100%" cellspacing="0" cellpadding="4">')
            for item in items:
                keys = html.escape(self.tr(" or ")).replace(" ", "&nbsp;").join(
                    f'<span style="background-color:{key_bg}; font-family:monospace;">&nbsp;{html.escape(k)}&nbsp;</span>'
                    for k in shortcut_list.key_texts(item))
                parts.append(f'<tr><td width="38%" align="right">{keys}</td><td>&nbsp;&nbsp;'
                             f"{html.escape(shortcut_list.translated(item.description))}</td></tr>")
            parts.append("</table>")
        return "".join(parts)

    def as_text(self) -> str:
        """The list as plain text (what the user reads), e.g. for a test or the clipboard."""
        return self.view.toPlainText()


def show_about(parent: QWidget | None = None) -> AboutDialog:
    """Open the About box over ``parent`` (non-blocking) and return it."""
    dialog = AboutDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def show_shortcuts(parent: QWidget | None = None) -> ShortcutsDialog:
    """Open Help → Keyboard shortcuts over ``parent`` (non-blocking) and return it."""
    dialog = ShortcutsDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog

