"""iijviewer: IIJ's investor-relations documents as normalized financial statements."""

__version__ = "0.1.0"
