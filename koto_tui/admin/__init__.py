"""Administration for IT: the municipality's own data files, backups and restores (headless)."""
