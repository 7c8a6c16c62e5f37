"""Job Recommendation's Firestore collections (the outbox and processed markers: jobfeed.collections)."""

JOBS = "job_recommendation_jobs"  # the open jobs it matches against, as JobPosted carried them
PROFILES = "job_recommendation_profiles"  # the candidates' profiles, as ProfileCreated carried them
SENT = "job_recommendation_sent"  # candidate~job pairs already recommended, so a job is offered once
