"""islandmap: a classroom map of the southern Kuril Islands / Northern Territories,
joining article passages to real coastlines."""

__version__ = "0.1.0"
