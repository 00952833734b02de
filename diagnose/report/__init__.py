"""Writing what the consultant hands over: HTML, PDF, JSON, calendar and CSV."""
