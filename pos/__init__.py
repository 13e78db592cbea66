"""Langganan: a point of sale with a customer book for small food businesses."""
__version__ = "0.1.0"
