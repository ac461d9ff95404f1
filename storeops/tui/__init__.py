"""The Textual app. Only this package imports Textual; it calls the domain, never files."""
