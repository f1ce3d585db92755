"""The staff workspace: the platform's web front for the centres' daily casework."""
