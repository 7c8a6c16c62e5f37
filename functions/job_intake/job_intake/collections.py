"""Job Intake's Firestore collections (the outbox and processed markers: jobfeed.collections)."""

POSTINGS = "job_intake_postings"  # one document per job posting, with its version
