"""The Qt presentation of hyte-kiosk. Pages emit intents; ``ui.router.Router`` moves between them and
talks to the core (``kiosk``) through the one background worker (``ui.worker``)."""
