"""Export toward KOTO-AJ, moving records between laptops, and sealing export files (headless).

``document`` builds one JSON document per client from the store, ``holdback`` decides what may leave the
laptop (and says why a record stays), ``schema`` validates against ``schemas/koto-export-1.schema.json``,
``signing`` signs a file with the laptop's Ed25519 key, ``seal`` encrypts it for the receiving office (age),
``trust`` opens a received file and checks its sender, ``export`` and ``importer`` run the whole thing.
"""
