"""The dashboards the ministry, the regional observatories and the centres look at: web pages
served by the reporting service from the same figures as its JSON API."""
