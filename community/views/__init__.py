"""Pages of the community app: patrols, and partner agencies with their sharing agreements."""
