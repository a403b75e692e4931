"""The June review of the units' work summaries (``sunshine review``)."""
