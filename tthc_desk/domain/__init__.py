"""Pure domain rules: working calendar, deadlines, dossier states, 766 scoring (no Qt, no SQL)."""
