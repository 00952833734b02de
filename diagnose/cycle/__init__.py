"""Reading the last OKR cycle: exports from spreadsheets and OKR tools, and their check-ins."""
