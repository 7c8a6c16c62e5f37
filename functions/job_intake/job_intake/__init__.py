"""Job Intake: validates postings and emits JobPosted."""
