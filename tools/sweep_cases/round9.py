# ruff: noqa: E501  (one case per line: a table of graphs)
"""Round 9 of the sweep: distributed, TPU and system ops (collectives, NCCL, TPU replication,
compilation and execution, infeed and outfeed, TPU embedding configuration, enqueueing, loading
and retrieving, SparseCore preprocessing, DTensor, RPC, iterators' and generators' handles,
mutexes, session tensors, stats aggregators, calibration). TPU-only kernels are still registered
ops, so the graphs are built in TF1 graph mode with ``Graph.create_op`` (round8's ``op``); the
profiler never runs a kernel. Outputs with a numeric or string dtype are fed to a Mul (round6's
``_f``) so that a wrong shape shows in the counts as well as in the shape comparison."""

import numpy as np
import tensorflow as tf
from tensorflow.core.framework import attr_value_pb2
from tensorflow.core.protobuf.tpu import tpu_embedding_configuration_pb2 as tpu_cfg

from .raw import _add_shapes, graph
from .round6 import _f
from .round8 import _attr as _attr8
from .round8 import fn

v1 = tf.compat.v1
f32, i32, i64, s, res, var = tf.float32, tf.int32, tf.int64, tf.string, tf.resource, tf.variant


def _attr(v):
    if isinstance(v, tuple) and v[0] == "strs":
        a = attr_value_pb2.AttrValue()
        a.list.s.extend([x.encode() for x in v[1]])
        return a
    if isinstance(v, tuple) and v[0] == "floats":
        a = attr_value_pb2.AttrValue()
        a.list.f.extend(v[1])
        return a
    if isinstance(v, tuple) and v[0] == "types0":
        a = attr_value_pb2.AttrValue()
        a.list.SetInParent()
        return a
    return _attr8(v)


def op(kind, inputs, out_types, **attrs):
    g = v1.get_default_graph()
    return g.create_op(kind, list(inputs), list(out_types), attrs={k: _attr(v) for k, v in attrs.items()}).outputs


def _config():
    """A TPUEmbeddingConfiguration (TF's shape functions reject an unset mode): one table."""
    c = tpu_cfg.TPUEmbeddingConfiguration(mode=tpu_cfg.TPUEmbeddingConfiguration.INFERENCE, batch_size_per_tensor_core=4, num_hosts=1, num_tensor_cores=1)
    t = c.table_descriptor.add(name="t", vocabulary_size=10, dimension=4, num_features=1)
    t.optimization_parameters.adagrad.SetInParent()
    return c.SerializeToString()


CFG = _config()


def k(v, dt=i32):
    return tf.constant(v, dt)


def _collectives(x, u):
    # x: [B, 4], u: unknown rank
    sz, gk, ik = k(2), k(1), k(3)
    out = []
    for t in (x, u):
        out += op("CollectiveReduce", [t], [f32], T=f32, group_size=2, group_key=1, instance_key=1, merge_op="Add", final_op="Id", subdiv_offsets=[0])
        out += op("CollectiveBcastSend", [t], [f32], T=f32, group_size=2, group_key=1, instance_key=2, shape=("shape", [2, 4]))
        out += op("CollectiveGather", [t], [f32], T=f32, group_size=2, group_key=1, instance_key=3, shape=("shape", [4, 4]))
        out += op("CollectiveReduceV2", [t, sz, gk, ik], [f32], T=f32, merge_op="Add", final_op="Div", Nordering_token=0)
        out += op("CollectiveReduceScatterV2", [t, sz, gk, ik], [f32], T=f32, merge_op="Add", final_op="Id", Nordering_token=0)
        out += op("CollectiveGatherV2", [t, sz, gk, ik], [f32], T=f32, Nordering_token=0)
        out += op("CollectiveAllToAllV2", [t, sz, gk, ik], [f32], T=f32, Nordering_token=0)
        out += op("CollectiveBcastSendV2", [t, sz, gk, ik], [f32], T=f32)
        comm = op("CollectiveInitializeCommunicator", [gk, k(0), sz], [res])[0]
        out += op("CollectiveReduceV3", [t, comm, k([[0, 1]])], [f32], T=f32, reduction="Add")
        out += op("CollectiveAllToAllV3", [t, comm, k([[0, 1]])], [f32], T=f32)
        out += op("CollectivePermute", [t, k([[0, 1], [1, 0]])], [f32], T=f32)
        out += op("CrossReplicaSum", [t, k([[0, 1]])], [f32], T=f32)
        out += op("NcclAllReduce", [t], [f32], T=f32, reduction="sum", num_devices=2, shared_name="n")
        out += op("NcclReduce", [t, x], [f32], T=f32, reduction="sum", num_devices=2)
        out += op("NcclBroadcast", [t], [f32], T=f32, shape=("shape", [2, 4]))
    out += op("CollectiveBcastRecv", [], [f32], T=f32, group_size=2, group_key=1, instance_key=2, shape=("shape", [None, 4]))
    out += op("CollectiveBcastRecvV2", [sz, gk, ik, k([3, 4])], [f32], T=f32, Tshape=i32)
    out += op("CollectiveBcastRecvV2", [sz, gk, ik, tf.shape(x)], [f32], T=f32, Tshape=i32)
    out += op("CollectiveAssignGroupV2", [k([[0, 1], [2, 3]]), k(1), k(7)], [i32, i32])
    out += op("AllToAll", [x, k([[0, 1]])], [f32], T=f32, concat_dimension=1, split_dimension=0, split_count=2)
    out += op("AllToAll", [tf.reshape(x, [-1, 2, 2]), k([[0, 1]])], [f32], T=f32, concat_dimension=0, split_dimension=2, split_count=2)
    return _f(*out)


def _tpu_replicate(x, u, y):
    # x: [B, 4], u: unknown rank, y: [B, 6]
    out = []
    out += op("TPUReplicatedInput", [x, x], [f32], N=2, T=f32)
    out += op("TPUReplicatedInput", [x, u], [f32], N=2, T=f32)
    out += op("TPUReplicatedOutput", [x], [f32] * 3, num_replicas=3, T=f32)
    out += op("TPUPartitionedInput", [x, x], [f32], N=2, T=f32, partition_dim=1)
    out += op("TPUPartitionedInput", [x, x, x], [f32], N=3, T=f32, partition_dim=0)
    out += op("TPUPartitionedInput", [x, u], [f32], N=2, T=f32, partition_dim=-1)
    out += op("TPUPartitionedInputV2", [x, x, x, x], [f32], N=4, T=f32, partition_dims=[2, 2])
    out += op("TPUPartitionedInputV2", [x], [f32], N=1, T=f32, partition_dims=[2, 2], is_packed=True)
    out += op("TPUPartitionedInputV2", [x, x], [f32], N=2, T=f32, partition_dims=[])
    out += op("TPUPartitionedOutput", [y], [f32] * 2, T=f32, num_splits=2, partition_dim=1)
    out += op("TPUPartitionedOutput", [x], [f32] * 2, T=f32, num_splits=2, partition_dim=0)
    out += op("TPUPartitionedOutput", [u], [f32] * 2, T=f32, num_splits=2, partition_dim=-1)
    out += op("TPUPartitionedOutputV2", [y], [f32] * 4, T=f32, num_splits=4, partition_dims=[2, 2])
    out += op("TPUPartitionedOutputV2", [u], [f32] * 2, T=f32, num_splits=2, partition_dims=[1, 2])
    op("TPUReplicateMetadata", [], [], num_replicas=2)
    out += op("TPUCompilationResult", [], [s])
    out += op("TPUOrdinalSelector", [], [i32])
    out += op("TPURoundRobin", [], [i32])
    out += op("TPUDummyInput", [], [f32], dtype=f32, shape=("shape", [3, 5]))
    out += op("TPUCopyWithDynamicShape", [x, y, k([2, 3]), k([4, 6])], [f32, f32], N=2, T=[f32, f32])
    out += op("TPUAnnotateTensorsWithDynamicShape", [x, y, u], [f32] * 3, T=[f32] * 3)
    body = fn(lambda a: a * 2.0, ([None, 4], f32))
    out += op("TPUPartitionedCall", [x, k(0)], [f32], Tin=[f32], Tout=[f32], f=("func", body))
    comp = op("TPUCompile", [k([2, 4], i64), x], [s, s, s, tf.bool, tf.bool], num_computations=2, function=("func", body), metadata="", NumDynamicShapes=1, Tguaranteed_constants=[f32])
    op("TPUCompileSucceededAssert", [comp[0]], [])
    out += comp
    out += op("TPUExecute", [x, y, comp[1]], [f32, i32], Targs=[f32, f32], Tresults=[f32, i32])
    v = v1.get_variable("v9", [4], use_resource=True)
    out += op("TPUExecuteAndUpdateVariables", [x, v.handle, comp[1]], [f32], Targs=[f32, res], Tresults=[f32], device_var_reads_indices=[1], device_var_updates_indices=[1])
    op("TPUReshardVariables", [v.handle, k("", s), v.handle], [], N=1)
    out += op("TpuHandleToProtoKey", [k(1, i64)], [s])
    out += op("TPUEmbeddingActivations", [k([[1.0]], f32), y], [f32], table_id=0, lookup_id=0)
    return _f(*out)


def _tpu_system(x, y):
    # x: [B, 4], y: [B, 6]
    out = []
    out += op("ConfigureDistributedTPU", [], [s])
    out += op("ConfigureAndInitializeGlobalTPU", [], [i32])
    out += op("ShutdownTPUSystem", [], [tf.bool])
    op("ShutdownDistributedTPU", [], [])
    out += op("GetTpuTaskId", [], [i32])
    op("UpdateTaskIdAndGlobalCoreArray", [k([0, 1]), k([1, 0])], [], task_count=2)
    out += op("InfeedDequeue", [], [f32], dtype=f32, shape=("shape", [2, 3]))
    out += op("InfeedDequeueTuple", [], [f32, i32], dtypes=[f32, i32], shapes=("shapes", [[None, 3], []]))
    op("InfeedEnqueue", [x], [], dtype=f32, shape=("shape", [2, 4]))
    op("InfeedEnqueueTuple", [x, y], [], dtypes=[f32, f32], shapes=("shapes", [[2, 4], [2, 6]]))
    pl = op("Prelinearize", [x], [var], dtype=f32)[0]
    plt = op("PrelinearizeTuple", [x, y], [var], dtypes=[f32, f32], shapes=("shapes", [[2, 4], [2, 6]]))[0]
    op("InfeedEnqueuePrelinearizedBuffer", [pl], [])
    op("InfeedEnqueuePrelinearizedBuffer", [plt], [])
    out += op("OutfeedDequeue", [], [f32], dtype=f32, shape=("shape", [None, 5]))
    out += op("OutfeedDequeueTuple", [], [f32, i32], dtypes=[f32, i32], shapes=("shapes", [[2, 3], [4]]))
    out += op("OutfeedDequeueV2", [k(0)], [f32], dtype=f32, shape=("shape", [7]))
    out += op("OutfeedDequeueTupleV2", [k(0)], [f32], dtypes=[f32], shapes=("shapes", [[1, 2]]))
    op("OutfeedEnqueue", [x], [], dtype=f32)
    op("OutfeedEnqueueTuple", [x, y], [], dtypes=[f32, f32])
    out += op("ConfigureTPUEmbeddingHost", [k("", s), k("", s)], [s], config=CFG)
    out += op("ConfigureTPUEmbeddingMemory", [k("", s)], [s])
    out += op("CollateTPUEmbeddingMemory", [k("", s), k("", s)], [s], N=2)
    op("ConnectTPUEmbeddingHosts", [k("", s), k("", s)], [], N=2)
    op("FinalizeTPUEmbedding", [k("", s), k("", s)], [])
    out += op("FinalizeTPUEmbeddingV2", [k("", s), k("", s)], [s, s])
    out += op("ExecuteTPUEmbeddingPartitioner", [], [s], config=CFG)
    op("ConfigureTPUEmbedding", [], [], config=CFG)
    out += op("IsTPUEmbeddingInitialized", [], [tf.bool], config=CFG)
    out += op("ComputeDedupDataSize", [], [i32], config=CFG)
    out += op("ComputeDedupDataSizeV2", [], [i32], config=CFG, embedding_partitions="", hbm_buffers_config=CFG, tpu_topology="")
    out += op("ComputeDedupDataTupleMask", [], [i32], config=CFG)
    out += op("ComputeDedupDataTupleMaskV2", [], [i32], config=CFG, embedding_partitions="", hbm_buffers_config=CFG, tpu_topology="")
    out += op("DTensorSetGlobalTPUArray", [k("", s)], [])
    out += op("IsTensorFloat32Enabled", [], [tf.bool])
    out += op("GetDeadline", [], [i64])
    op("SyncDevice", [], [])
    out += op("WorkerHeartbeat", [k("", s)], [s])
    op("FileSystemSetConfiguration", [k("s", s), k("k", s), k("v", s)], [])
    out += op("DeviceIndex", [], [i32], device_names=("strs", ["CPU", "GPU"]))
    return _f(*out)


def _embedding(ids, g, w, tab):
    # ids: [B] int32, g: [B, 4] gradients, w: [B] weights, tab: [10, 4]
    out = []
    mo = k("unspecified", s)
    ids64 = tf.cast(ids, i64)
    op("EnqueueTPUEmbeddingBatch", [k(["a", "b"], s), k(["c"], s), mo], [], N=2, device_ordinal=0, combiners=("strs", []))
    op("EnqueueTPUEmbeddingIntegerBatch", [ids, ids, mo], [], N=2, device_ordinal=0)
    for kind in ("EnqueueTPUEmbeddingSparseBatch", "EnqueueTPUEmbeddingSparseTensorBatch", "EnqueueTPUEmbeddingRaggedTensorBatch", "EnqueueTPUEmbeddingArbitraryTensorBatch"):
        extra = {"table_ids": [0]} if "Tensor" in kind and "Arbitrary" not in kind else {}
        op(kind, [ids, ids64, w, mo], [], N=1, T1=i32, T2=i64, T3=f32, device_ordinal=0, **extra)
    op("DynamicEnqueueTPUEmbeddingRaggedTensorBatch", [ids, ids64, w, mo, k(0)], [], N=1, T1=i32, T2=i64, T3=f32, table_ids=[0])
    op("DynamicEnqueueTPUEmbeddingArbitraryTensorBatch", [ids, ids64, w, mo, k(0)], [], N=1, T1=i32, T2=i64, T3=f32)
    out += op("RecvTPUEmbeddingActivations", [], [f32], num_outputs=1, config=CFG)
    op("SendTPUEmbeddingGradients", [g, k(0.1, f32)], [], N=1, NN=1, config=CFG)
    t = dict(num_shards=1, shard_id=0, table_name="t")
    op("LoadTPUEmbeddingStochasticGradientDescentParameters", [tab], [], **t)
    op("LoadTPUEmbeddingAdagradParameters", [tab, tab], [], **t)
    op("LoadTPUEmbeddingAdagradMomentumParameters", [tab, tab, tab], [], **t)
    op("LoadTPUEmbeddingADAMParameters", [tab, tab, tab], [], **t)
    op("LoadTPUEmbeddingAdadeltaParameters", [tab, tab, tab], [], **t)
    op("LoadTPUEmbeddingCenteredRMSPropParameters", [tab, tab, tab, tab], [], **t)
    op("LoadTPUEmbeddingFTRLParameters", [tab, tab, tab], [], **t)
    op("LoadTPUEmbeddingFrequencyEstimatorParameters", [tab, tab], [], **t)
    op("LoadTPUEmbeddingMDLAdagradLightParameters", [tab, tab, tab, tab], [], **t)
    op("LoadTPUEmbeddingMomentumParameters", [tab, tab], [], **t)
    op("LoadTPUEmbeddingProximalAdagradParameters", [tab, tab], [], **t)
    op("LoadTPUEmbeddingProximalYogiParameters", [tab, tab, tab], [], **t)
    op("LoadTPUEmbeddingRMSPropParameters", [tab, tab, tab], [], **t)
    for kind, n in (("StochasticGradientDescent", 1), ("Adagrad", 2), ("AdagradMomentum", 3), ("ADAM", 3), ("Adadelta", 3), ("CenteredRMSProp", 4), ("FTRL", 3), ("FrequencyEstimator", 2), ("MDLAdagradLight", 4), ("Momentum", 2), ("ProximalAdagrad", 2), ("ProximalYogi", 3), ("RMSProp", 3)):
        out += op(f"RetrieveTPUEmbedding{kind}Parameters", [], [f32] * n, **t)
    mask = tf.make_tensor_proto(0, i32)
    mask.ClearField("int_val")
    mask.tensor_shape.CopyFrom(tf.TensorShape([3, 2]).as_proto())
    mask.int_val.extend([0, 2, 1, 1, 0, 1])  # (int, int, float, int): 3 integers, 1 float
    md = op("MergeDedupData", [ids, w], [var], tuple_mask=mask.SerializeToString(), integer_type=i32, float_type=f32)[0]
    out += op("SplitDedupData", [md], [i32, f32], integer_type=i32, float_type=f32, tuple_mask=mask.SerializeToString())
    return _f(*out)


def _sparsecore(ids, w):
    # ids: [B] int32, w: [B] float
    out = []
    sc = dict(sample_count=4, combiner="sum")
    out += op("ConvertToCooTensor", [ids, ids, w], [i32, i32, f32], **sc)
    lst = op("ConvertToListOfSparseCoreCooTensors", [ids, ids, w], [i32] * 2 + [i32] * 2 + [f32] * 2, sample_count=4, num_sc_per_chip=2, row_offset=0, col_offset=0, col_shift=0, num_sc_shards=2, stacked_table_sample_count=4, combiner="sum")
    out += lst
    cfg = dict(sample_count_list=[4, 4], col_offset_list=[0, 0], num_replica=1, table_vocab_size=10, feature_width=4, num_sc_per_chip=2, table_name="t")
    srt = op("SortListOfSparseCoreCooTensors", lst[0:2] + lst[2:4] + lst[4:6], [i32, i32, f32, i32], N=2, max_ids_per_sparse_core=8, max_unique_ids_per_sparse_core=8, **cfg)
    out += srt
    out += op("GetStatsFromListOfSparseCoreCooTensors", lst[0:2] + lst[2:4] + lst[4:6], [i32, i32], N=2, **cfg)
    pk = k("", s)
    sp = op("GetMinibatchSplitsWithPhysicalReplica", [pk, ids, ids, w], [i32, i32, f32, i64, i32, i32, i32], sample_count=4, num_replica=1, table_vocab_size=10, feature_width=4, num_sc_per_chip=2, table_name="t", mini_batch_splits="")
    out += sp
    out += op("GetMinibatchesInCsrWithPhysicalReplica", [k([""], s), sp[0], sp[1], sp[2], tf.reshape(sp[3], [1]), sp[4]], [i32, i32, i32, f32, i32, i32, i32], sample_count=4, num_replica=1, max_minibatches_per_sc=2, max_ids_per_chip_per_sample=4, table_vocab_size=10, feature_width=4, num_sc_per_chip=2, table_name="t", mini_batch_in_csr="")
    out += op("ConvertToSparseCoreCsrWrappedCooTensor", srt[0:1] * 2 + srt[1:2] * 2 + srt[2:3] * 2 + srt[3:4] * 2 + [k(0, i64)], [i32, i32, i32, f32, i32, i32, i32], sample_count_per_sc=4, num_replica=1, max_minibatches_per_sc=2, max_ids_per_chip_per_sample=4, table_vocab_size=10, feature_width=4, num_sc_per_chip=2, table_name="t", allow_id_dropping=False)
    op("StoreMinibatchStatisticsInFdo", [pk, k(1), k(1)], [], sample_count=4, num_replica=1, feature_width=4, num_sc_per_chip=2, table_name="t", mini_batch_splits="")
    return _f(*out)


def _dtensor(x, u):
    # x: [B, 4], u: unknown rank
    out = []
    lay = "sharding_specs:unsharded,unsharded, mesh:|x=1|0|0|/job:localhost/replica:0/task:0/device:CPU:0"
    for t in (x, u):
        out += op("DTensorAllReduce", [t, k([[0]])], [f32], T=f32, reduce_op="Add", device_type="CPU")
        out += op("DTensorAllGather", [t], [f32], T=f32, input_layout=lay, output_layout=lay)
        out += op("DTensorAllScatter", [t], [f32], T=f32, input_layout=lay, output_layout=lay)
        out += op("DTensorAllToAll", [t], [f32], T=f32, input_layout=lay, output_layout=lay)
        out += op("DTensorReduceScatter", [t, k([[0]]), k(0)], [f32], T=f32, reduce_op="Add", device_type="CPU")
        out += op("CopyToMesh", [t], [f32], T=f32, mesh="")
        out += op("CopyToMeshGrad", [t, x], [f32], T=f32)
        out += op("Relayout", [t], [f32], T=f32, layout=lay)
        out += op("RelayoutLike", [t, x], [f32], T=f32, U=f32)
    mesh = "|x=2|0,1|0,1|/job:localhost/replica:0/task:0/device:CPU:0,/job:localhost/replica:0/task:0/device:CPU:1"
    sh, un = f"sharding_specs:x,unsharded, mesh:{mesh}", f"sharding_specs:unsharded,unsharded, mesh:{mesh}"
    out += op("DTensorAllGather", [x], [f32], T=f32, input_layout=sh, output_layout=un)
    out += op("DTensorAllScatter", [tf.reshape(x, [-1, 2, 2])[:, :, 0]], [f32], T=f32, input_layout=un, output_layout=f"sharding_specs:unsharded,x, mesh:{mesh}")
    out += op("DTensorAllToAll", [x], [f32], T=f32, input_layout=sh, output_layout=f"sharding_specs:unsharded,x, mesh:{mesh}")
    out += op("DTensorReduceScatter", [x, k([[0, 1]]), k(1)], [f32], T=f32, reduce_op="Add", device_type="CPU")
    out += op("DTensorReduceScatter", [x, k([[0, 1]]), tf.shape(x)[0]], [f32], T=f32, reduce_op="Add", device_type="CPU")
    out += op("DTensorRestoreV2", [k("p", s), k(["a", "b"], s), k(["", ""], s)], [f32, i32], input_shapes=("shapes", [[2, 3], [None]]), input_layouts=("strs", ["", ""]), dtypes=[f32, i32])
    return _f(*out)


def _handles(x, u):
    # x: [B, 4], u: unknown rank; handles, iterators, generators, mutexes, sessions, RPC
    out = []
    seed = k(1, i64)
    it = op("AnonymousIterator", [], [res], output_types=[f32], output_shapes=("shapes", [[None, 4]]))[0]
    out += op("IteratorGetDevice", [it], [s])
    out += op("ExperimentalIteratorGetDevice", [it], [s])
    out += op("IteratorGetModelProto", [it], [s])
    ser = op("SerializeIterator", [it], [var])[0]
    op("DeserializeIterator", [it, ser], [])
    mc, mcd = op("AnonymousMemoryCache", [], [res, var])
    op("DeleteMemoryCache", [mc, mcd], [])
    sg, sgd = op("AnonymousSeedGenerator", [seed, seed, k(True, tf.bool)], [res, var])
    op("DeleteSeedGenerator", [sg, sgd], [])
    rg, rgd = op("AnonymousRandomSeedGenerator", [seed, seed], [res, var])
    op("DeleteRandomSeedGenerator", [rg, rgd], [])
    op("AnonymousMutableHashTable", [], [res], key_dtype=i64, value_dtype=f32)
    op("AnonymousMutableHashTableOfTensors", [], [res], key_dtype=i64, value_dtype=f32, value_shape=("shape", [4]))
    op("AnonymousMutableDenseHashTable", [k(-1, i64), k(-2, i64)], [res], key_dtype=i64, value_dtype=f32, value_shape=("shape", [4]))
    dev = ("strs", ["/cpu:0", "/cpu:1"])
    md, mdd = op("AnonymousMultiDeviceIterator", [], [res, var], devices=dev, output_types=[f32], output_shapes=("shapes", [[None, 4]]))
    md3 = op("AnonymousMultiDeviceIteratorV3", [], [res], devices=dev, output_types=[f32], output_shapes=("shapes", [[None, 4]]))[0]
    mdi = op("MultiDeviceIterator", [], [res], devices=dev, shared_name="m", container="", output_types=[f32, i32], output_shapes=("shapes", [[None, 4], []]))[0]
    ds = tf.data.Dataset.from_tensors(x)._variant_tensor
    inc = op("MultiDeviceIteratorInit", [ds, mdi, k(2, i64)], [i64])[0]
    out.append(inc)
    out += op("MultiDeviceIteratorGetNextFromShard", [mdi, k(0), inc], [f32, i32], output_types=[f32, i32], output_shapes=("shapes", [[None, 4], []]))
    h = op("MultiDeviceIteratorToStringHandle", [mdi], [s])[0]
    out.append(h)
    op("MultiDeviceIteratorFromStringHandle", [h], [res], output_types=[f32], output_shapes=("shapes", [[None, 4]]))
    op("DeleteMultiDeviceIterator", [md, it, it, mdd], [], N=2)
    del md3
    op("DistributedSave", [ds, k("/tmp/d", s), k("a", s)], [], metadata="")
    mu = op("MutexV2", [], [res])[0]
    lk = op("MutexLock", [mu], [var])[0]
    op("ConsumeMutexLock", [lk], [])
    sh = op("GetSessionHandle", [x], [s], T=f32)[0]
    out.append(sh)
    op("GetSessionHandleV2", [x], [res], T=f32)
    out += op("GetSessionTensor", [sh], [f32], dtype=f32)
    op("DeleteSessionTensor", [sh], [])
    srv = op("RpcServer", [k("a", s)], [res])[0]
    body = fn(lambda a: a * 2.0, ([None, 4], f32))
    op("RpcServerRegister", [srv, k("m", s), x], [], Tin=[f32], f=("func", body), input_specs="", output_specs="")
    op("RpcServerStart", [srv], [])
    cl, spec = op("RpcClient", [k("a", s), k(10, i64)], [res, s], shared_name="c", list_registered_methods=False)
    out.append(spec)
    fut, futd = op("RpcCall", [cl, k("m", s), x, k(10, i64)], [res, var], Tin=[f32])
    out += op("RpcCheckStatus", [fut], [i64, s])
    out += op("RpcGetValue", [fut], [f32, i32], Tout=[f32, i32])
    op("DeleteRpcFutureResource", [fut, futd], [])
    tp = op("ThreadPoolHandle", [], [res], num_threads=2, display_name="t")[0]
    op("ExperimentalThreadPoolHandle", [], [res], num_threads=2, display_name="t")
    sa = op("StatsAggregatorHandle", [], [res])[0]
    op("StatsAggregatorHandleV2", [], [res])
    op("ExperimentalStatsAggregatorHandle", [], [res])
    out += op("StatsAggregatorSummary", [sa], [s])
    out += op("ExperimentalStatsAggregatorSummary", [sa], [s])
    op("StatsAggregatorSetSummaryWriter", [sa, tp], [])
    out += op("GlobalIterId", [], [i64])
    v = v1.get_variable("v9h", [4, 6], use_resource=True)
    op("DisableCopyOnRead", [v.handle], [])
    out += op("ReadVariableXlaSplitND", [v.handle], [f32] * 4, T=f32, N=4, num_splits=[2, 2], paddings=[0, 0])
    out += op("ReadVariableXlaSplitND", [v.handle], [f32] * 2, T=f32, N=2, num_splits=[1, 2], paddings=[0, 2])
    op("AssignVariableXlaConcatND", [v.handle, x, x, x, x], [], T=f32, N=4, num_concats=[2, 2], paddings=[0, 2])
    out += op("RemoteCall", [k("/cpu:0", s), x], [f32], Tin=[f32], Tout=[f32], f=("func", body))
    out += op("CheckPinned", [x], [f32], T=f32)
    out += op("CheckPinned", [u], [f32], T=f32)
    out += op("MakeUnique", [x], [f32])
    out += op("MakeUnique", [u], [f32])
    out += op("FakeParam", [], [f32], dtype=f32, shape=("shape", [None, 3]))
    out += op("MlirPassthroughOp", [x, u], [f32, i32], mlir_module="", Tinputs=[f32, f32], Toutputs=[f32, i32])
    out += op("CustomAggregator", [x], [f32, f32, f32, i64], id="a", calibration_method=1, num_bins=16, min_percentile=0.0, max_percentile=1.0)
    out += op("CustomAggregator", [u], [f32, f32, f32, i64], id="b", calibration_method=0, num_bins=0, min_percentile=0.0, max_percentile=1.0)
    op("CalibrationStatisticsSaver", [out[-4], out[-3], out[-1]], [], Tin=[f32, f32, i64], ids=("strs", ["b"]), calibration_methods=[0], output_file_path="/tmp/c")
    op("DumpTensor", [x], [], log_dir_path="/tmp", file_name="d", T=f32, enabled=False, func_name="f", node_name="n")
    return _f(*out)


def _cases(B):
    return {
        "collectives": graph(_collectives, [B, 4], None),
        "tpu_replicate": graph(_tpu_replicate, [B, 4], None, [B, 6]),
        "tpu_system": graph(_tpu_system, [B, 4], [B, 6]),
        "embedding": graph(_embedding, [B], [B, 4], [B], [10, 4], dtypes={0: i32}),
        "sparsecore": graph(_sparsecore, [B], [B], dtypes={0: i32}),
        "dtensor": graph(_dtensor, [B, 4], None),
        "handles": graph(_handles, [B, 4], None),
    }


def cases():
    np.random.seed(0)
    out = []
    for bname, B in (("b2", 2), ("bN", None)):
        for name, v in _cases(B).items():
            out.append((f"r9_{name}_{bname}", v))
            out.append((f"r9_{name}_{bname}_shapes", _add_shapes(v)))
    return out
