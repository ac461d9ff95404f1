"""Reusable widgets and dialogs."""
