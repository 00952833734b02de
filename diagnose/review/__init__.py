"""Reviewing the last cycle key result by key result, as an OKR coach would."""
