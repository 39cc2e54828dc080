"""Building briefings and recording that they were read: generate (the period, the build, the
read receipt), crime_sections and case_sections (one function per briefing section)."""
