"""Crime importers: data.police.uk monthly street files and the force's dated feed.

Both parse a file into validated rows (bad rows reported with file and line and
skipped whole), place each row in a neighbourhood, and hand the rows to one
upsert (`incidents.importers.store`) inside one transaction per file, with one
audit "collection" event per file.
"""
