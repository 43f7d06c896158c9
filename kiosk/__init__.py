"""hyte-kiosk core: the tray model, the offline cache, sources and sync. Never imports Qt."""

__version__ = "0.1.0"
