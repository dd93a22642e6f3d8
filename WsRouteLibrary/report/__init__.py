"""What the log shows of a conversation, built from the journal; no Robot Framework here."""
