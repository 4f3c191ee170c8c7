"""Legal and validation rules, each in one place and citing its source (never imports textual)."""
