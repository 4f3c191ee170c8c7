"""Widgets of the terminal UI (they convert to and from models and never touch the store)."""
