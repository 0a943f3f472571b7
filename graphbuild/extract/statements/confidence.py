"""How much each construction that attributes a statement is trusted (ng:confidence).

A cue next to a quote is trusted most, then the other pieces of its run, then context; a titled or
pronoun speaker lowers the trust further (``SPEAKER_FACTOR``).
"""

CUE = 0.9  # a verb of saying next to the quote
RUN = 0.8  # another piece of the quote's run has a cue
PREVIOUS_STATEMENT = 0.7  # a statement in the sentence before the quote
CONTINUATION = 0.65  # a statement ending the paragraph before the quote
PREVIOUS_SUBJECT = 0.55  # the person subject of the sentence before the quote
PREVIOUS_PARAGRAPH_SUBJECT = 0.5  # the person subject ending the paragraph before the quote
CLAUSE = 0.85  # the clause a verb of saying reports
PARENTHETICAL = 0.75  # a sentence around a parenthetical attribution ("The strike, Doe said, …")
OBJECT = 0.6  # the object of a verb of announcing
TAIL = 0.6  # a predicate joined by "and" to a quote
REPORT_CONTINUED = 0.5  # an unattributed passage carrying on a claim

SPEAKER_FACTOR = {"named": 1.0, "title": 0.85, "pronoun": 0.9}
