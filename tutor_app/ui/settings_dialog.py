"""The settings dialog: model threads, context, GPU layers, sampling, retries, look, and the
class's model server."""

from __future__ import annotations

import os
from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from tutor_app.settings import THEMES, Settings
from tutor_app.ui.jobs import gui_threads, server_in_settings


def _spin(low: int, high: int, value: int, name: str, special: str | None = None) -> QSpinBox:
    box = QSpinBox()
    box.setObjectName(name)
    box.setRange(low, high)
    if special:
        box.setSpecialValueText(special)
    box.setValue(value)
    return box


def _line(value: str | None, name: str, placeholder: str) -> QLineEdit:
    line = QLineEdit(value or "")
    line.setObjectName(name)
    line.setPlaceholderText(placeholder)
    line.setMaxLength(2048)
    return line


class SettingsDialog(QDialog):
    """Edit a copy of the settings; `saved` carries the new Settings when OK is pressed."""

    saved = Signal(object)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.setObjectName("settings_dialog")
        self.original = settings
        automatic = f"automatic ({gui_threads()} of {os.cpu_count() or 1} cores)"
        self.threads = _spin(0, 256, settings.threads or 0, "threads", automatic)
        self.n_ctx = _spin(512, 131_072, settings.n_ctx, "n_ctx")
        self.n_ctx.setSingleStep(1024)
        self.gpu_layers = _spin(-1, 999, settings.gpu_layers, "gpu_layers")
        self.gpu_layers.setToolTip("0 = CPU only; -1 = every layer on the GPU")
        self.temperature = QDoubleSpinBox()
        self.temperature.setObjectName("temperature")
        self.temperature.setRange(0.0, 2.0)
        self.temperature.setSingleStep(0.1)
        self.temperature.setValue(settings.temperature)
        self.retries = _spin(0, 10, settings.retries, "retries")
        self.font_size = _spin(8, 40, settings.font_size, "font_size")
        self.theme = QComboBox()
        self.theme.setObjectName("theme")
        self.theme.addItems(list(THEMES))
        self.theme.setCurrentText(settings.theme)
        self.software = QCheckBox("Software rendering (if maths shows blank or the app flickers)")
        self.software.setObjectName("software_rendering")
        self.software.setChecked(settings.software_rendering)
        self.server_url = _line(settings.server_url, "server_url", "http://192.168.1.20:8080")
        self.server_key = _line(settings.server_api_key, "server_api_key", "none")
        self.server_key.setEchoMode(QLineEdit.EchoMode.Password)
        self.server_model = _line(settings.server_model, "server_model", "the server's first")
        self.server_problem = QLabel()
        self.server_problem.setObjectName("server_problem")
        self.server_problem.setWordWrap(True)
        self.server_problem.setStyleSheet("color: #c62828;")
        self.server_problem.hide()
        form = QFormLayout(self)
        form.addRow("CPU threads", self.threads)
        form.addRow("Context size (tokens)", self.n_ctx)
        form.addRow("GPU layers", self.gpu_layers)
        form.addRow("Temperature", self.temperature)
        form.addRow("Tries when a line is wrong", self.retries)
        form.addRow("Font size", self.font_size)
        form.addRow("Theme", self.theme)
        form.addRow(self.software)
        form.addRow(QLabel("<b>Class model server</b> (empty: this computer's model)"))
        form.addRow("Address", self.server_url)
        form.addRow("API key", self.server_key)
        form.addRow("Model on the server", self.server_model)
        form.addRow(self.server_problem)
        form.addRow(QLabel("Model settings apply when the model is next loaded; "
                           "software rendering after a restart."))  # fmt: skip
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def value(self) -> Settings:
        """The settings as edited in the dialog."""
        return replace(
            self.original,
            threads=self.threads.value() or None,
            n_ctx=self.n_ctx.value(),
            gpu_layers=self.gpu_layers.value(),
            temperature=round(self.temperature.value(), 2),
            retries=self.retries.value(),
            font_size=self.font_size.value(),
            theme=self.theme.currentText(),
            software_rendering=self.software.isChecked(),
            server_url=self.server_url.text().strip() or None,
            server_api_key=self.server_key.text().strip() or None,
            server_model=self.server_model.text().strip() or None,
        ).validated()

    def accept(self) -> None:
        """Announce the new settings and close; a server address or key that cannot be used
        is named, and the dialog stays open."""
        from tutor_app.engine.server_address import ServerError

        settings = self.value()
        try:
            server_in_settings(settings)  # the checks the model loader makes
        except ServerError as exc:
            self.server_problem.setText(str(exc))
            self.server_problem.show()
            return
        self.saved.emit(settings)
        super().accept()
