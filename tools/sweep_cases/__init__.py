"""Graph builders for tools/sweep.py: each module's ``cases()`` yields (name, build), build() ->
(GraphDef, placeholder shapes to impose or None)."""
