"""The app's settings file: window layout, recent files, and the folder of the recovery file.

One INI file per user, ``BackpropStudio/BackpropStudio.ini`` in Qt's user configuration
folder: INI rather than the platform's native store, so tests point it at a temporary folder
with ``QSettings.setPath``. Every reader and writer builds its QSettings here.
"""

from __future__ import annotations

from PySide6 import QtCore

ORGANIZATION = APPLICATION = "BackpropStudio"


def settings() -> QtCore.QSettings:
    """The app's settings file (INI, so tests can point it at a temporary folder)."""
    return QtCore.QSettings(QtCore.QSettings.Format.IniFormat, QtCore.QSettings.Scope.UserScope,
                            ORGANIZATION, APPLICATION)
