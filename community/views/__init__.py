"""Community pages, one module per feature: patrols, partner agencies with their sharing
agreements, engagements and priorities."""
