"""The Event Log's Firestore collections (the outbox and processed markers: jobfeed.collections)."""

ENTRIES = "event_log_entries"  # one document per event ever published, by event id
ERASED = "event_log_erased"  # candidate ids whose entries are redacted (late events are redacted on arrival)
ERASURES = "event_log_erasures"  # erasure progress per candidate: which services confirmed CandidateErased
