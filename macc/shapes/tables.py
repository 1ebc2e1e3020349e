"""Shape functions of lookup tables (TF's lookup_ops): hash tables, their lookups and updates.

A table op's handle carries, like TF's handle data, the (key shape, value shape) of its entries
where TF's shape function records them: MutableHashTable(V2) (scalar keys and values),
MutableHashTableOfTensorsV2 and MutableDenseHashTableV2 (``value_shape``; the dense table's keys
are shaped like its empty key). HashTableV2 (tf.lookup.StaticHashTable) records nothing, so a
lookup in it is of unknown shape, as in TF. A lookup returns the keys' shape without the table's
key suffix, then the value shape. Tables hold no floats to compute on: every op here costs 0.
"""

from __future__ import annotations

from .registry import shape_fn

_TABLE = "table"  # handle data: (_TABLE, key shape, value shape)


def _table(ctx, i=0):
    h = ctx.in_handle_shape(i)
    return h if isinstance(h, tuple) and len(h) == 3 and h[0] == _TABLE else None


@shape_fn("HashTableV2", "AnonymousHashTable", memo=False)
def hash_table_v2(ctx):
    return [()]


@shape_fn("HashTable", "MutableHashTable", "MutableHashTableOfTensors", "MutableDenseHashTable",
          memo=False)
def ref_table(ctx):
    return [(2,)]  # a v1 table handle: a reference to a two-element string vector


@shape_fn("MutableHashTableV2", "MutableHashTableOfTensorsV2", "MutableDenseHashTableV2",
          memo=False)
def mutable_table(ctx):
    op = ctx.node.op
    # a graph with default attrs stripped omits value_shape: its OpDef default is a scalar
    value = () if op == "MutableHashTableV2" else ctx.attr("value_shape")
    key = ctx.in_shape(0) if op == "MutableDenseHashTableV2" else ()
    if key is not None and len(key) > 1:
        raise ctx.error(f"empty_key has rank {len(key)}, expected at most 1")
    ctx.set_handle_shape(0, (_TABLE, key, value))
    return [()]


@shape_fn("LookupTableFindV2", memo=False)
def lookup_find(ctx):
    table, keys = _table(ctx), ctx.in_shape(1)
    if table is None or table[1] is None or keys is None:
        return [None]
    suffix, value = table[1], table[2]
    if len(keys) < len(suffix):
        raise ctx.error(f"keys {list(keys)} do not end with the table's key shape {list(suffix)}")
    prefix = tuple(keys[:len(keys) - len(suffix)])
    return [None if value is None else prefix + tuple(value)]


@shape_fn("LookupTableFind", memo=False)
def lookup_find_v1(ctx):
    return [None]


@shape_fn("LookupTableExportV2", "LookupTableExport", memo=False)
def lookup_export(ctx):
    return [None, None]  # TF 2.21: keys and values of unknown rank, whatever the table records


@shape_fn("LookupTableSizeV2", "LookupTableSize", memo=False)
def lookup_size(ctx):
    return [()]


@shape_fn("LookupTableInsertV2", "LookupTableInsert", "LookupTableRemoveV2",
          "LookupTableImportV2", "LookupTableImport", "InitializeTableV2", "InitializeTable",
          "InitializeTableFromTextFileV2", "InitializeTableFromTextFile", memo=False)
def table_update(ctx):
    return []

