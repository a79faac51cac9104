"""Pure domain: entities, forms, workflow, Arabic text rules. Imports nothing of Qt, SQL or HTTP."""
