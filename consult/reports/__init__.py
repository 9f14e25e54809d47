"""Public reports on the process ("what the expert group Bildung discussed on …") and the
process timeline with its milestones."""
