#!/usr/bin/python3
"""Dynamic int8 quantization of the exported verifier, by graph edits (no onnxruntime python here):

- each MatMul by a 2-D weight W becomes DynamicQuantizeLinear(x) -> MatMulInteger(x_q, W_q, x_zp) -> Cast -> Mul by
  x_scale * w_scale, with W_q int8, symmetric, one scale per output column, and 7-bit (|q| <= 63) so the u8 x s8
  kernels of AVX2 machines without VNNI cannot saturate; ONNX Runtime fuses this into DynamicQuantizeMatMul;
- the word-embedding Gather reads an int8 table and multiplies the gathered rows by their own scale, so the 30522 x
  384 table is stored in a quarter of the space and never dequantized as a whole.

Run: /usr/bin/python3 bench/training/quantize.py model-fp32.onnx model.onnx
"""

import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

QMAX = 63  # 7-bit weights


def quantize(src, dst, per_token=False):
    model = onnx.load(src)
    graph = model.graph
    init = {t.name: t for t in graph.initializer}
    new_nodes, new_inits, drop = [], [], set()
    uses = {}
    for node in graph.node:
        for i in node.input:
            uses[i] = uses.get(i, 0) + 1

    for node in graph.node:
        if node.op_type == "MatMul" and node.input[1] in init and len(init[node.input[1]].dims) == 2:
            w = numpy_helper.to_array(init[node.input[1]]).astype(np.float32)  # [in, out]
            scale = np.abs(w).max(axis=0) / QMAX
            scale[scale == 0] = 1.0
            q = np.clip(np.round(w / scale), -QMAX, QMAX).astype(np.int8)
            base = node.name or node.output[0]
            wq, ws, wzp = base + "_Wq", base + "_Wscale", base + "_Wzp"
            new_inits += [numpy_helper.from_array(q, wq), numpy_helper.from_array(scale.astype(np.float32), ws)]
            if not per_token:
                new_inits.append(numpy_helper.from_array(np.zeros(w.shape[1], dtype=np.int8), wzp))
            y32, yf, s = base + "_Y32", base + "_Yf", base + "_S"
            if per_token:
                # One scale per token (row), symmetric int8: a token's result does not depend on the other rows
                # of the batch, so a candidate scores the same alone or beside others.
                x = node.input[0]
                ab, mx, sc, xd, xr, xc, xq = (base + n for n in ("_abs", "_max", "_xs", "_xd", "_xr", "_xc", "_xq"))
                if not any(t.name == "q_eps" for t in new_inits):
                    new_inits += [numpy_helper.from_array(np.array(1e-8 / 127, dtype=np.float32), "q_eps"),
                                  numpy_helper.from_array(np.array(127.0, dtype=np.float32), "q_127"),
                                  numpy_helper.from_array(np.array(-127.0, dtype=np.float32), "q_m127")]
                new_nodes += [
                    helper.make_node("Abs", [x], [ab], name=base + "_abs"),
                    helper.make_node("ReduceMax", [ab], [mx], axes=[-1], keepdims=1, name=base + "_rmax"),
                    helper.make_node("Div", [mx, "q_127"], [sc + "0"], name=base + "_sdiv"),
                    helper.make_node("Max", [sc + "0", "q_eps"], [sc], name=base + "_smax"),
                    helper.make_node("Div", [x, sc], [xd], name=base + "_xdiv"),
                    helper.make_node("Round", [xd], [xr], name=base + "_round"),
                    helper.make_node("Clip", [xr, "q_m127", "q_127"], [xc], name=base + "_clip"),
                    helper.make_node("Cast", [xc], [xq], to=TensorProto.INT8, name=base + "_xcast"),
                    helper.make_node("MatMulInteger", [xq, wq], [y32], name=base + "_mmi"),
                    helper.make_node("Cast", [y32], [yf], to=TensorProto.FLOAT, name=base + "_cast"),
                    helper.make_node("Mul", [sc, ws], [s], name=base + "_scale"),
                    helper.make_node("Mul", [yf, s], [node.output[0]], name=base + "_out"),
                ]
            else:
                xq, xs, xzp = base + "_Xq", base + "_Xscale", base + "_Xzp"
                new_nodes += [
                    helper.make_node("DynamicQuantizeLinear", [node.input[0]], [xq, xs, xzp], name=base + "_dql"),
                    helper.make_node("MatMulInteger", [xq, wq, xzp, wzp], [y32], name=base + "_mmi"),
                    helper.make_node("Cast", [y32], [yf], to=TensorProto.FLOAT, name=base + "_cast"),
                    helper.make_node("Mul", [xs, ws], [s], name=base + "_scale"),
                    helper.make_node("Mul", [yf, s], [node.output[0]], name=base + "_out"),
                ]
            if uses.get(node.input[1], 0) == 1:
                drop.add(node.input[1])
        elif node.op_type == "Gather" and node.input[0] in init and len(init[node.input[0]].dims) == 2 \
                and init[node.input[0]].dims[0] > 1000:
            w = numpy_helper.to_array(init[node.input[0]]).astype(np.float32)  # [vocab, hidden]
            scale = np.abs(w).max(axis=1) / 127.0
            scale[scale == 0] = 1.0
            q = np.clip(np.round(w / scale[:, None]), -127, 127).astype(np.int8)
            base = node.name or node.output[0]
            tq, ts = base + "_Tq", base + "_Tscale"
            new_inits += [numpy_helper.from_array(q, tq),
                          numpy_helper.from_array(scale[:, None].astype(np.float32), ts)]
            rows, rowsf, rs = base + "_rows", base + "_rowsf", base + "_rowscale"
            new_nodes += [
                helper.make_node("Gather", [tq, node.input[1]], [rows], axis=0, name=base + "_gq"),
                helper.make_node("Cast", [rows], [rowsf], to=TensorProto.FLOAT, name=base + "_gcast"),
                helper.make_node("Gather", [ts, node.input[1]], [rs], axis=0, name=base + "_gs"),
                helper.make_node("Mul", [rowsf, rs], [node.output[0]], name=base + "_gmul"),
            ]
            if uses.get(node.input[0], 0) == 1:
                drop.add(node.input[0])
        else:
            new_nodes.append(node)

    del graph.node[:]
    graph.node.extend(new_nodes)
    kept = [t for t in graph.initializer if t.name not in drop]
    del graph.initializer[:]
    graph.initializer.extend(kept + new_inits)
    # the scale of a Gather output row is [.., 1]; shapes are inferred again at load
    del graph.value_info[:]
    onnx.checker.check_model(model)
    onnx.save(model, dst)


if __name__ == "__main__":
    quantize(sys.argv[1], sys.argv[2], per_token="--per-token" in sys.argv)
