"""The contraindication rules engine: rule kinds in code, rules as data, screening as a pure function.

Layout, after Django's system checks: `findings` (levels and the finding value), `registry`
(the `register` decorator for rule kinds), `kinds` (the kinds, one module per subject),
`snapshot` (a client's history as frozen values), `context` (what a kind looks at), `engine`
(`screen()`), `loader` (reads rules and snapshots from the database), `reference` (the rule
reference) and `forms` (the rule form). Importing the package registers every kind; see
docs/rules-engine.md.
"""

from . import kinds  # noqa: F401
