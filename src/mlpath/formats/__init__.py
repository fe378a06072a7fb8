"""File formats mlpath reads and writes: roadmap, export, iCalendar, output files."""
