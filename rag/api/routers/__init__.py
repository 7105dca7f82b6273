"""One router per concern: chat (+ models), search, documents, eval, health."""
