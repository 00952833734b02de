"""Asking people: the interview, answers files, and team surveys from form tools."""
