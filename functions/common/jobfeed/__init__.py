"""jobfeed's small common library: event contracts, publishing, the outbox, consuming, logging, settings."""
