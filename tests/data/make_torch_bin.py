#!/usr/bin/env python3
"""Writes tests/data/torch-bin/ (and seeds for tests/fuzz/fuzz_torch_pickle.cpp): PyTorch checkpoints laid out exactly as torch.save writes them, without
PyTorch (stdlib only), and hostile ones that the .bin reader must refuse.

torch.save (the zip format, torch >= 1.6) writes a zip of uncompressed entries, each entry's data aligned
to 64 bytes: <archive>/data.pkl (pickle protocol 2 of the state dict, an OrderedDict whose _metadata
attribute comes back through BUILD), <archive>/byteorder, <archive>/data/<key> (the raw bytes of each
storage, keys numbered in order of first use) and <archive>/version. A tensor pickles as
torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, OrderedDict()), its
storage as the persistent id ('storage', torch.<Type>Storage, key, 'cpu', numel). Stand-in `torch` modules
make Python's own pickler write those very globals.

Run from anywhere: python3 tests/data/make_torch_bin.py
"""
import collections
import io
import json
import os
import pickle
import struct
import sys
import types
import zipfile

here = os.path.dirname(os.path.abspath(__file__))
out_dir = os.path.join(here, "torch-bin")

torch = types.ModuleType("torch")
torch_utils = types.ModuleType("torch._utils")
sys.modules["torch"] = torch
sys.modules["torch._utils"] = torch_utils
torch._utils = torch_utils


def _storage_class(name):
    cls = type(name, (), {})
    cls.__module__ = "torch"
    setattr(torch, name, cls)
    return cls


STORAGE = {code: _storage_class(name) for code, name in
           [("F32", "FloatStorage"), ("F16", "HalfStorage"), ("BF16", "BFloat16Storage"), ("I64", "LongStorage"),
            ("I32", "IntStorage"), ("U8", "ByteStorage")]}
SIZE = {"F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "U8": 1}


def _rebuild_tensor_v2(*args):
    raise RuntimeError("never called here")


_rebuild_tensor_v2.__module__ = "torch._utils"
torch_utils._rebuild_tensor_v2 = _rebuild_tensor_v2


class Storage:
    def __init__(self, dtype, data):
        self.dtype, self.data = dtype, data


class Tensor:
    def __init__(self, storage, offset, size, stride):
        self.storage, self.offset, self.size, self.stride = storage, offset, tuple(size), tuple(stride)

    def __reduce_ex__(self, proto):
        return (_rebuild_tensor_v2, (self.storage, self.offset, self.size, self.stride, False,
                                     collections.OrderedDict()))


def contiguous(dtype, data, shape):
    stride, s = [], 1
    for d in reversed(shape):
        stride.insert(0, s)
        s *= d
    return Tensor(Storage(dtype, data), 0, shape, stride)


class _Pickler(pickle.Pickler):
    def __init__(self, f, keys):
        super().__init__(f, protocol=2)
        self.keys = keys  # id(storage) -> (key, storage), in order of first use

    def persistent_id(self, obj):
        if isinstance(obj, Storage):
            key = self.keys.setdefault(id(obj), (str(len(self.keys)), obj))[0]
            return ("storage", STORAGE[obj.dtype], key, "cpu", len(obj.data) // SIZE[obj.dtype])
        return None


def _aligned(zf, name, data):
    """An uncompressed entry whose data starts on a 64-byte boundary, padded as torch's writer pads it."""
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    offset = zf.fp.tell() + 30 + len(name.encode())
    pad = (-(offset + 4)) % 64
    info.extra = b"FB" + struct.pack("<H", pad) + b"Z" * pad
    zf.writestr(info, data)


def archive(pickle_bytes, storages, prefix="archive", byteorder=b"little", zip64=False):
    buf = io.BytesIO()
    limit = zipfile.ZIP64_LIMIT
    if zip64:  # every size and offset through the zip64 records, as in a checkpoint over 4 GiB
        zipfile.ZIP64_LIMIT = 0
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        _aligned(zf, prefix + "/data.pkl", pickle_bytes)
        if byteorder is not None:
            _aligned(zf, prefix + "/byteorder", byteorder)
        for key, data in storages:
            _aligned(zf, prefix + "/data/" + key, data)
        _aligned(zf, prefix + "/version", b"3\n")
    zipfile.ZIP64_LIMIT = limit
    blob = buf.getvalue()
    if zip64:  # and the end record defers to the zip64 one, as when there are over 65535 entries
        blob = blob[:-12] + struct.pack("<HHII", 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF) + blob[-2:]
    return blob


def save(state_dict, prefix="archive", zip64=False):
    """torch.save(state_dict, f) without torch."""
    keys = {}
    f = io.BytesIO()
    _Pickler(f, keys).dump(state_dict)
    storages = [(key, s.data) for key, s in keys.values()]
    return archive(f.getvalue(), storages, prefix, zip64=zip64)


def state_dict(items):
    sd = collections.OrderedDict(items)
    sd._metadata = collections.OrderedDict([("", {"version": 1})])
    return sd


def read_safetensors(path):
    blob = open(path, "rb").read()
    n = struct.unpack("<Q", blob[:8])[0]
    header = json.loads(blob[8:8 + n])
    header.pop("__metadata__", None)
    base = 8 + n
    out = []
    for name, t in header.items():  # torch keeps the module's order; any order reads the same
        b, e = t["data_offsets"]
        out.append((name, contiguous(t["dtype"], blob[base + b:base + e], t["shape"])))
    return out


def write(name, blob):
    with open(os.path.join(out_dir, name), "wb") as f:
        f.write(blob)


def hostile_pickle(body):
    """A protocol-2 pickle: PROTO 2, `body`, STOP."""
    return b"\x80\x02" + body + b"."


def main():
    os.makedirs(out_dir, exist_ok=True)
    kosmos = read_safetensors(os.path.join(here, "kosmos2-tiny-a", "model.safetensors"))
    write("kosmos2-tiny-a.bin", save(state_dict(kosmos), prefix="pytorch_model"))
    # the same weights in two shards with their index, as save_pretrained(max_shard_size=...) writes them
    half = len(kosmos) // 2
    shards = {"pytorch_model-00001-of-00002.bin": kosmos[:half], "pytorch_model-00002-of-00002.bin": kosmos[half:]}
    shard_dir = os.path.join(out_dir, "kosmos2-sharded")
    os.makedirs(shard_dir, exist_ok=True)
    weight_map = {}
    for fname, items in shards.items():
        with open(os.path.join(shard_dir, fname), "wb") as f:
            f.write(save(state_dict(items)))
        weight_map.update({n: fname for n, _ in items})
    with open(os.path.join(shard_dir, "pytorch_model.bin.index.json"), "w") as f:
        json.dump({"metadata": {"total_size": 0}, "weight_map": weight_map}, f, indent=1, sort_keys=True)

    # Florence-2's -ft checkpoints ship pytorch_model.bin: a tied model's state dict as torch.save writes it, the
    # shared table also under the names that alias it, one storage for all of them
    florence = read_safetensors(os.path.join(here, "florence2-tiny", "model.safetensors"))
    table = dict(florence)["language_model.model.shared.weight"]
    florence += [(name, Tensor(table.storage, 0, table.size, table.stride)) for name in
                 ("language_model.model.encoder.embed_tokens.weight",
                  "language_model.model.decoder.embed_tokens.weight", "language_model.lm_head.weight")]
    write("florence2-tiny.bin", save(state_dict(florence), prefix="pytorch_model"))

    # Layouts a state dict may hold: tied weights sharing one storage, a view at an offset, a transposed
    # (strided) view, half/bfloat16 and an int64 buffer.
    f32 = struct.pack("<12f", *[float(i) for i in range(12)])
    shared = Storage("F32", f32)
    layouts = state_dict([
        ("a.weight", Tensor(shared, 0, (3, 4), (4, 1))),
        ("tied.weight", Tensor(shared, 0, (3, 4), (4, 1))),
        ("row.bias", Tensor(shared, 8, (4,), (1,))),
        ("t.weight", Tensor(shared, 0, (4, 3), (1, 4))),
        ("h.weight", contiguous("F16", struct.pack("<3e", 1.0, -2.0, 0.5), (3,))),
        ("b.weight", contiguous("BF16", struct.pack("<2H", 0x3f80, 0xc000), (2,))),
        ("ids", contiguous("I64", struct.pack("<3q", 0, 1, 2), (1, 3))),
        ("scalar", contiguous("F32", struct.pack("<f", 7.0), ())),
    ])
    write("layouts.bin", save(layouts))
    write("layouts-zip64.bin", save(layouts, zip64=True))

    storage = [("0", f32)]
    pid = b"(X\x07\x00\x00\x00storagectorch\nFloatStorage\nX\x01\x00\x00\x000X\x03\x00\x00\x00cpuK\x0ctQ"

    def tensor(offset, size, stride):
        """_rebuild_tensor_v2 of storage '0' (12 floats) with the given layout, in raw opcodes."""
        def tup(xs):
            return b"(" + b"".join(b"J" + struct.pack("<i", x) for x in xs) + b"t"
        return (b"ctorch._utils\n_rebuild_tensor_v2\n(" + pid + b"J" + struct.pack("<i", offset) + tup(size) +
                tup(stride) + b"\x89ccollections\nOrderedDict\n)RtR")

    def one_tensor(t):
        return hostile_pickle(b"}X\x01\x00\x00\x00w" + t + b"s")

    hostile = {
        "global-os-system.bin": hostile_pickle(b"cos\nsystem\nX\x04\x00\x00\x00echo\x85R"),
        "stack-global.bin": b"\x80\x04\x8c\x05posix\x8c\x06system\x93\x8c\x04echo\x85R.",
        "reduce-storage-type.bin": hostile_pickle(b"ctorch\nFloatStorage\n)R"),
        "build-on-tensor.bin": one_tensor(tensor(0, [12], [1]) + b"}b"),
        "huge-memo-index.bin": hostile_pickle(b"j\xf0\xff\xff\xff"),
        "deep-nesting.bin": hostile_pickle(b"(" * 100000),
        "storage-bigger-than-entry.bin": None,
        "negative-stride.bin": one_tensor(tensor(0, [3, 4], [-1, 1])),
        "negative-offset.bin": one_tensor(tensor(-4, [4], [1])),
        "view-past-storage.bin": one_tensor(tensor(4, [3, 4], [4, 1])),
        "size-overflow.bin": one_tensor(tensor(0, [1 << 30, 1 << 30, 1 << 30], [0, 0, 0])),
        "unknown-opcode.bin": hostile_pickle(b"i__builtin__\neval\n"),
        "not-a-dict.bin": hostile_pickle(b"]"),
    }
    for name, body in hostile.items():
        if body is not None:
            write(name, archive(body, storage))
    write("storage-bigger-than-entry.bin", archive(one_tensor(tensor(0, [12], [1])), [("0", f32[:40])]))
    good = open(os.path.join(out_dir, "layouts.bin"), "rb").read()
    write("truncated.bin", good[:len(good) // 2])
    write("legacy-format.bin", b"\x80\x02\x8a\x0alm\xf9\x20j\xa8P\x19.")
    write("compressed.bin", _compressed(good))
    # the small ones seed the fuzzer (tests/fuzz/fuzz_torch_pickle.cpp)
    seeds = os.path.join(here, "..", "fuzz", "seeds", "torch_pickle")
    os.makedirs(seeds, exist_ok=True)
    for name in sorted(os.listdir(out_dir)):
        path = os.path.join(out_dir, name)
        if os.path.isfile(path) and os.path.getsize(path) <= 8192:
            with open(path, "rb") as src, open(os.path.join(seeds, name), "wb") as dst:
                dst.write(src.read())
            try:  # the fuzzer also reads each input as a data.pkl alone
                pkl = next(n for n in zipfile.ZipFile(path).namelist() if n.endswith("/data.pkl"))
                with open(os.path.join(seeds, name[:-4] + ".pkl"), "wb") as dst:
                    dst.write(zipfile.ZipFile(path).read(pkl))
            except (zipfile.BadZipFile, StopIteration):
                pass


def _compressed(good):
    """layouts.bin re-zipped with deflate, which torch never writes."""
    src = zipfile.ZipFile(io.BytesIO(good))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            zf.writestr(zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0)), src.read(info.filename),
                        compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


if __name__ == "__main__":
    main()
