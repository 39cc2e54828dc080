"""Pages of the incidents app: recorded crime (crimes.py) and incidents with their notes (incidents.py)."""
