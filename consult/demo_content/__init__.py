"""The texts of the demo process "Lokaler Integrationsplan 2.0", kept apart from the loader.

Everything here is written for the demo: no real plan text, no real people.

- `process`: the process texts in every language, the phases (dates relative to the day the
  demo is loaded) and the labels and change notes of the three versions.
- `bildung` … `stadtverwaltung`: one module per field of action with its goals and measures
  as they stand in the first discussion draft, in German with the English translation.
- `plan`: the six fields in order.
- `translations`: the Turkish and Arabic translations made of the first draft (partial).
- `versions`: what changes in the second discussion draft and in the administrative draft.
- `leichte_sprache`: the start page and the six fields of action in Leichte Sprache.
- `accounts`: the demo accounts and organisations.
- `participation`: comments on the second discussion draft (one of them hidden by moderation)
  and written statements through every channel.
- `forum`: the first Integration Forum with its tables and the cards written there.

A section is a dict: ``key`` (stable, readable, unique in the process), ``de`` and ``en`` as
``(title, body)`` with a Markdown body, and ``children``. Depth gives the kind: field of
action, goal, measure. Bodies may be indented in the source; the loader removes the common
indentation. Bodies use no Markdown headings: on the pages they would sit below the h1.
"""
