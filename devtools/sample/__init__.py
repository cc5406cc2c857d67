"""The bundled sample: a deterministic data directory in contract form."""
