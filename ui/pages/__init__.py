"""One module per page; each builds its widgets in code, declares signals for what the user asked for,
and never calls another page."""
