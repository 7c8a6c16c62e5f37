"""The scoring weights and fit tables, shared by the exact scorer and the vectorised retrieval so they cannot drift.

Weights sum to 1, so a score is in 0..1. Skills dominate: a job is first of all the work it asks for.
"""

W_REQUIRED = 0.45
W_NICE = 0.10
W_TITLE = 0.15
W_SENIORITY = 0.10
W_PLACE = 0.10
W_SALARY = 0.05
W_FRESH = 0.05

FRESH_HALF_LIFE_S = 14 * 86400.0  # a posting loses half its freshness credit every two weeks

LEVELS = ("junior", "mid", "senior", "lead")
REMOTE, HYBRID, ONSITE = 0, 1, 2
REMOTE_POLICIES = ("remote", "hybrid", "onsite")

# SENIORITY_FIT[profile level + 1][job level + 1]; index 0 is "unknown", which scores neutral.
_BY_DISTANCE = (1.0, 0.5, 0.0, 0.0)
SENIORITY_FIT = tuple(
    tuple(0.5 if p < 0 or j < 0 else _BY_DISTANCE[abs(p - j)] for j in range(-1, 4)) for p in range(-1, 4)
)

# PLACE_FIT[candidate preference][job policy][job is in one of the candidate's locations].
# An on-site candidate and a job outside their locations never get here: that is a hard filter.
PLACE_FIT = (
    ((1.0, 1.0), (0.25, 0.5), (0.0, 0.25)),  # candidate wants remote
    ((0.75, 0.75), (0.25, 1.0), (0.0, 0.75)),  # candidate wants hybrid
    ((0.0, 0.5), (0.0, 0.75), (0.0, 1.0)),  # candidate wants on-site
)

SALARY_UNKNOWN = 0.5  # the job states no salary but the candidate has a floor
SALARY_PARTLY = 0.75  # only the top of the range reaches the floor


def skill_weights(required: int, nice: int) -> tuple[float, float]:
    """The weight of one required and of one nice-to-have skill, so a full match earns W_REQUIRED + W_NICE.

    A job with no nice-to-have skills (or none required) gives the whole skill weight to the other list,
    so postings are not penalised for how they were written.
    """
    total = W_REQUIRED + W_NICE
    if not nice or not required:
        return (total / required if required else 0.0), (total / nice if nice else 0.0)
    return W_REQUIRED / required, W_NICE / nice

