"""A county fleet: one machine publishes its signed snapshot, kiosks fetch it (the ``snapshot`` source kind).

- :mod:`kiosk.fleet.manifest` — what a published snapshot is (``manifest.json``), its Ed25519 signature and keys.
- :mod:`kiosk.fleet.publish` — ``hyte-kiosk publish``: the county's live snapshot as static files.
- :mod:`kiosk.fleet.fetch` — a kiosk's sync from a snapshot source: download (resumable), verify, swap in.
"""
