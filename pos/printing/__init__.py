"""Printer-neutral documents, their renderers (ESC/POS, text, PDF) and printer transports."""
