"""The Qt workbench: the only package of annotator that imports PySide6.

A thin layer over the core: windows hold a ``Project`` and call its operations; every
offset crossing into Qt goes through ``offsets.OffsetMap``.
"""
