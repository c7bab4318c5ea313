"""Fetching URLs politely and safely: policy (limits, addresses), robots.txt, the HTTP client."""
