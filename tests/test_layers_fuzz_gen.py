"""tools/layers_fuzz_gen.py (the spec generator of tools/layers_fuzz.py, which needs TF) makes
specs macc accepts: every seed validates, lowers and counts (a spec the generator gets wrong
would stop the Keras check before it compares anything)."""

import random

from macc.layers import count_network, from_dict
from tools.layers_fuzz_gen import generate


def test_generated_specs_count():
    types = set()
    for seed in range(60):
        spec = generate(random.Random(seed))
        table = count_network(from_dict(spec, source=f"seed {seed}"))
        assert table.totals.params >= 0 and table.layers[-1].output_shape
        types |= {r.type for r in table.layers}
    # the seeds reach convolutions, recurrent and attention layers alike
    assert {"Conv2D", "Conv1D", "MultiHeadAttention", "Dense", "BatchNorm"} <= types


def test_same_seed_same_spec():
    assert generate(random.Random(7)) == generate(random.Random(7))
