"""Everything that formats text for people: terminal summaries now, files and HTML later."""
