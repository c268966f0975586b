"""File > Open Server Project: name a project on a PostgreSQL server.

Either a URL (``postgresql://host/db``) or a service name of the service file, or host,
port, database and user; the URL is made by ``annotator.connections.server_url``. There
is no password field: libpq reads the password from ``PGPASSWORD``, ``~/.pgpass`` or the
service file, so none is typed here, kept in the settings or shown in the recent list.
The window opens the URL through the same path as a file (``MainWindow.open_project_file``).
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from annotator.connections import is_server_url, server_url
from annotator.errors import ValidationError

PASSWORD_NOTE = (
    "No password is asked or stored: the server's password is read from PGPASSWORD, "
    "~/.pgpass or the service file (pg_service.conf), as psql reads it."
)


class ServerDialog(QDialog):
    """The fields of a server project; ``url()`` once accepted."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Open Server Project")
        self.location = QLineEdit(self)
        self.location.setPlaceholderText("postgresql://host/database, or a service name")
        self.host = QLineEdit(self)
        self.host.setPlaceholderText("this machine (local socket)")
        self.port = QLineEdit(self)
        self.port.setPlaceholderText("5432")
        self.database = QLineEdit(self)
        self.user = QLineEdit(self)
        self.user.setPlaceholderText("your login name")
        form = QFormLayout()
        form.addRow("URL or service:", self.location)
        form.addRow(QLabel("or", self))
        form.addRow("Host:", self.host)
        form.addRow("Port:", self.port)
        form.addRow("Database:", self.database)
        form.addRow("User:", self.user)
        note = QLabel(PASSWORD_NOTE, self)
        note.setWordWrap(True)
        self.problem = QLabel(self)
        self.problem.setStyleSheet("color: #b00020")
        self.problem.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept_if_complete)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def url(self) -> str:
        """The URL the fields name (``ValidationError`` saying what is missing or wrong)."""
        location = self.location.text().strip()
        if is_server_url(location):
            return location
        return server_url(host=self.host.text(), port=self.port.text(), database=self.database.text(),
                          user=self.user.text(), service=location)

    def _accept_if_complete(self) -> None:
        try:
            self.url()
        except ValidationError as error:
            self.problem.setText(str(error))
            self.problem.show()
            return
        self.accept()


def ask_server_url(parent: QWidget | None) -> str | None:
    """The URL of the server project the user names, or None if cancelled."""
    dialog = ServerDialog(parent)
    return dialog.url() if dialog.exec() == QDialog.DialogCode.Accepted else None
