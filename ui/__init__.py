"""The Qt presentation of hyte-kiosk. Pages declare themselves (``ui.pages.registry``) and emit intents;
``ui.router.Router`` moves between them and loads their data through the core (``kiosk.reads``) on the
reading lane; long jobs (sync, later PDF and printing) run on their own lane (``ui.lanes``)."""
