"""Model: the OpenAI-compatible client, its retries, the response cache and structured replies.
It knows nothing of prompts: callers pass what else belongs in a cache key."""
