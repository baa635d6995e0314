"""The timeline: facts and points on any date, permanent residence, HSP(ii), forecast, advice."""
