"""Around the features: overview, audit log, bin, settings and about."""
