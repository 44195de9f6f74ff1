"""Update plumbing: database session, resident, language, in-flight tracking."""
