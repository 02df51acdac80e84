"""Developer tools (translations)."""
