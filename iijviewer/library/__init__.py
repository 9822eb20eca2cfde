"""Library: the user's documents, facts and notes on disk: the store, its parse cache and snapshot, imports
(journal, undo, remove), the library lock, the notes file, what an import changes.

Imports base, ingest and analysis only.
"""
