"""The Qt workbench: the only package of annotator that imports PySide6.

Importing it first checks for a defect of the PySide6 6.12.0 wheels (``cp310-abi3``)
on Python < 3.12: they were built with limited-API headers that treat ``None``,
``True`` and ``False`` as immortal, so every call of a void Qt method drops one
reference to ``None`` that it never took. After a few thousand calls Python aborts
with "Fatal Python error: none_dealloc". When the defect is present (probed with a
void call, not guessed from version numbers) the three singletons get a reference
count so large that no session can exhaust it, which is what Python 3.12 does for
them anyway. A PySide6 without the defect, or Python >= 3.12, makes this a no-op.
"""

from __future__ import annotations

import sys

_PINNED_REFERENCES = 1 << 60


def _pin_singletons_if_pyside_leaks() -> None:
    if sys.version_info >= (3, 12):
        return
    import ctypes

    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(8):
        probe.setObjectName("probe")
    if sys.getrefcount(None) >= before:
        return
    for singleton in (None, True, False):
        # ob_refcnt is the first field of every object in a release build of CPython.
        ctypes.c_ssize_t.from_address(id(singleton)).value += _PINNED_REFERENCES


_pin_singletons_if_pyside_leaks()
