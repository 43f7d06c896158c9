"""Reusable widgets: buttons with roles, plain-text labels, the bar, the on-screen keyboard, cards."""
