"""Job Recommendation's domain: scoring a candidate against a job, and an index that finds the best matches."""

from job_recommendation.index import MatchIndex
from job_recommendation.model import Match

__all__ = ["Match", "MatchIndex"]
