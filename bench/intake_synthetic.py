"""Generated feeds for the intake throughput figures: a Greenhouse-style board with HTML descriptions (escaped
as the API sends them) and the same number of rows in our own JSON Lines shape."""

from __future__ import annotations

import html
import json
import random

_TOOLS = ["Python", "Go", "PostgreSQL", "Kubernetes", "Terraform", "React", "TypeScript", "Kafka", "AWS", "Docker",
          "Java", "Spark", "Redis", "GraphQL", "Rust", "Snowflake", "dbt", "Airflow", "Django", "Node.js"]
_TITLES = ["Backend Engineer", "Senior Data Engineer", "Platform Engineer", "Frontend Developer", "Staff SRE"]
_CITIES = ["Lisbon, Portugal", "Berlin, Germany", "Austin, TX", "Toronto, Canada", "Remote - US"]


def _content(rng: random.Random) -> str:
    required, nice = rng.sample(_TOOLS, 5), rng.sample(_TOOLS, 3)
    markup = (
        "<h3>About the team</h3><p>We build the systems that keep deliveries moving across the region, "
        "for millions of customers, with a small team that owns its services end to end.</p>"
        "<h3>What you'll do</h3><ul>" + "".join(f"<li>Design and run services with {t}.</li>" for t in required[:2])
        + "</ul><h3>What you'll need</h3><ul>"
        + "".join(f"<li>{rng.randint(2, 7)}+ years of experience with {t}</li>" for t in required)
        + "</ul><h3>Nice to have</h3><ul>" + "".join(f"<li>{t}</li>" for t in nice) + "</ul>"
        "<p>#LI-Hybrid</p><div class=\"content-pay-transparency\"><p>$120,000 - $160,000 USD</p></div>"
    )
    return html.escape(markup)


def greenhouse_board(size: int, seed: int = 14) -> bytes:
    rng = random.Random(seed)
    jobs = [{
        "id": 4_000_000 + n, "internal_job_id": 9_000_000 + n, "title": rng.choice(_TITLES),
        "absolute_url": f"https://boards.example.com/acme/jobs/{4_000_000 + n}",
        "location": {"name": rng.choice(_CITIES)}, "updated_at": "2026-03-01T10:00:00-05:00",
        "first_published": "2026-02-20T09:00:00-05:00", "metadata": None, "company_name": "Acme Logistics",
        "departments": [{"id": 1, "name": "Engineering"}], "offices": [], "content": _content(rng),
    } for n in range(size)]
    return json.dumps({"jobs": jobs, "meta": {"total": size}}).encode()


def json_lines(size: int, seed: int = 14) -> bytes:
    rng = random.Random(seed)
    lines = [json.dumps({
        "job_id": f"bench-{n}", "title": rng.choice(_TITLES), "company": "Acme Logistics",
        "location": rng.choice(_CITIES), "remote": "hybrid", "url": f"https://jobs.example.com/{n}",
        "salary_min": 120000, "salary_max": 160000, "required_skills": rng.sample(_TOOLS, 5),
        "nice_skills": rng.sample(_TOOLS, 3), "description": "Design and run the services that move deliveries.",
    }) for n in range(size)]
    return "\n".join(lines).encode()
