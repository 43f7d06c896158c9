"""Source adapters: each turns one external register or file into normalised :class:`~kiosk.model.TrayItem`s."""
