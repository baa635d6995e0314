"""Features: the questions answered over the engine (evaluate, pr, hsp2, forecast, advice)."""
