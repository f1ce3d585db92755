"""The dashboards' drawings: maps and monthly columns as SVG drawn on the server."""
