"""Export toward KOTO-AJ, moving records between laptops, and sealing export files (headless).

``document`` builds one JSON document per client from the store, ``holdback`` decides what may leave the
laptop (and says why a record stays), ``schema`` validates against ``schemas/koto-export-1.schema.json``,
``seal`` encrypts a file for the receiving office, ``export`` and ``importer`` run the whole thing.
"""
