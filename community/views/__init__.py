"""Community pages, one module per feature: patrols, engagements and priorities."""
