"""Tools around the report: a new pilot folder (``scaffold``) and the CBS download (``cbs_download``)."""
