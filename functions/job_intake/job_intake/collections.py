"""Job Intake's Firestore collections (the outbox and processed markers: jobfeed.collections)."""

POSTINGS = "job_intake_postings"  # one document per job posting, with its version
RATE_LIMITS = "job_intake_rate_limits"  # jobfeed.rate_limit counters per client address; expire by TTL
