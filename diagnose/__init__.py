"""okr-diagnose: find what an organisation's teams need to learn about OKRs, and plan it."""

__version__ = "0.1.0"
