"""How static files are stored for production: hashed names, gzip and Brotli copies."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's storage, except that a page never fails over a file missing from the manifest.

    Such a file (or a ``collectstatic`` never run) is linked by its plain name
    instead, so that the page, the error pages included, still renders; the
    missing files show in the browser and in WhiteNoise's warning at start-up.
    ``collectstatic`` itself still refuses a stylesheet that refers to a file
    that does not exist.
    """

    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError:
            return name
