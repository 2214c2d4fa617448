"""Ways in from outside the web app: the `journal` command, the projection worker, backup
and restore, and the demo organisation."""
