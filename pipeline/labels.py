"""The label sets of the record, defined once: every component, converter, scorer and the annotation loop import them.

What each label covers is written in docs/annotation-guidelines.md; where each is predicted and scored is listed in
docs/architecture.md.
"""

ENTITY_LABELS = ("STATE", "ORG", "INITIATIVE", "DOC", "EVENT", "PERSON", "LOC", "DATE", "MONEY")
OBLIGATION_TYPES = ("COMMITMENT", "INTENTION", "SUPPORT", "OPPOSITION", "APPRAISAL", "POSITION")
# labels whose ``norm`` is a value (code, date range, amount) rather than a knowledge-base reference
NORMALISED_LABELS = ("STATE", "DATE", "MONEY")
# stable ids of the groups China issues statements with as a whole (a party besides alpha-3 state codes); what each
# covers: docs/annotation-guidelines.md, "Parties and groups"
GROUP_IDS = ("ASEAN", "LAS", "CELAC", "AU", "PIF", "EU", "SCO")
