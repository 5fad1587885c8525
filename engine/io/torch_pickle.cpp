#include "io/torch_pickle.h"

#include "io/mapped_file.h"
#include "io/zip_archive.h"

#include <cstring>
#include <functional>
#include <unordered_map>

namespace gc::io {

namespace {

// Far beyond what a state dict needs; they keep a forged pickle from exhausting memory or stacks.
constexpr size_t kMaxValues = 1u << 22;
constexpr size_t kMaxMarks = 1000; // nesting of MARK-delimited tuples, lists and dicts
constexpr size_t kMaxDims = 64;

struct StorageType {
    const char *global; // torch.<global>
    DType dtype;
    const char *text; // the safetensors name
    size_t elemSize;
};
constexpr StorageType kStorageTypes[] = {
    {"FloatStorage", DType::F32, "F32", 4},     {"HalfStorage", DType::F16, "F16", 2},
    {"BFloat16Storage", DType::BF16, "BF16", 2}, {"DoubleStorage", DType::Other, "F64", 8},
    {"LongStorage", DType::I64, "I64", 8},      {"IntStorage", DType::I32, "I32", 4},
    {"ShortStorage", DType::Other, "I16", 2},   {"CharStorage", DType::Other, "I8", 1},
    {"ByteStorage", DType::U8, "U8", 1},        {"BoolStorage", DType::Other, "BOOL", 1},
};

struct Storage {
    const StorageType *type = nullptr;
    const uint8_t *data = nullptr;
    int64_t numel = 0;
    std::string key;
};

enum class Kind { None, Bool, Int, Float, String, Bytes, Tuple, List, Dict, Global, Storage, Tensor };

struct Value {
    Kind kind = Kind::None;
    int64_t i = 0;               // Int, Bool; Tensor: storage offset
    std::string s;               // String, Bytes; Global: "module.name"
    std::vector<Value *> items;  // Tuple, List; Dict: key, value, key, value, ...
    const Storage *storage = nullptr; // Storage, Tensor
    std::vector<int64_t> size, stride; // Tensor
};

const char *kindName(Kind k)
{
    switch (k) {
    case Kind::None: return "None";
    case Kind::Bool: return "bool";
    case Kind::Int: return "int";
    case Kind::Float: return "float";
    case Kind::String: return "str";
    case Kind::Bytes: return "bytes";
    case Kind::Tuple: return "tuple";
    case Kind::List: return "list";
    case Kind::Dict: return "dict";
    case Kind::Global: return "global";
    case Kind::Storage: return "storage";
    case Kind::Tensor: return "tensor";
    }
    return "?";
}

// A name from the file, fit to quote in a message.
std::string printable(const std::string &s)
{
    std::string out;
    for (char c : s.substr(0, 80))
        out += (c >= 0x20 && c < 0x7f) ? c : '?';
    return s.size() > 80 ? out + "..." : out;
}

using StorageResolver = std::function<const Storage *(const std::string &key, const StorageType &type, int64_t numel)>;

// The pickle machine for protocols 2 to 5, restricted to what a state dict needs. Values live in an
// arena, so cycles and deep chains made through the memo cost nothing to free.
class Unpickler {
public:
    Unpickler(const uint8_t *data, size_t size, std::string where, StorageResolver resolve)
        : m_p(data), m_size(size), m_where(std::move(where)), m_resolve(std::move(resolve))
    {
    }

    Value *run()
    {
        while (true) {
            const size_t at = m_pos;
            const uint8_t op = byte();
            if (op == '.')
                return m_stack.empty() ? fail("empty pickle") : m_stack.back();
            step(op, at);
        }
    }

    [[noreturn]] Value *fail(const std::string &why) const { throw FormatError(m_where + ": " + why); }

private:
    const uint8_t *need(uint64_t n)
    {
        if (n > m_size - m_pos)
            fail("truncated pickle (needs " + std::to_string(n) + " more bytes at byte " + std::to_string(m_pos) + ")");
        const uint8_t *p = m_p + m_pos;
        m_pos += static_cast<size_t>(n);
        return p;
    }
    uint8_t byte() { return *need(1); }
    uint64_t le(int n)
    {
        const uint8_t *p = need(static_cast<uint64_t>(n));
        uint64_t v = 0;
        for (int i = n - 1; i >= 0; --i)
            v = (v << 8) | p[i];
        return v;
    }
    std::string bytes(uint64_t n)
    {
        const uint8_t *p = need(n);
        return std::string(reinterpret_cast<const char *>(p), static_cast<size_t>(n));
    }
    std::string line()
    {
        const void *nl = std::memchr(m_p + m_pos, '\n', m_size - m_pos);
        if (!nl)
            fail("truncated pickle (unterminated GLOBAL name)");
        const size_t n = static_cast<size_t>(static_cast<const uint8_t *>(nl) - (m_p + m_pos));
        std::string s = bytes(n);
        ++m_pos;
        return s;
    }

    Value *make(Kind k)
    {
        if (m_arena.size() >= kMaxValues)
            fail("more than " + std::to_string(kMaxValues) + " objects in the pickle");
        m_arena.push_back(std::make_unique<Value>());
        m_arena.back()->kind = k;
        return m_arena.back().get();
    }
    Value *makeInt(Kind k, int64_t v)
    {
        Value *x = make(k);
        x->i = v;
        return x;
    }
    Value *makeString(Kind k, std::string s)
    {
        Value *x = make(k);
        x->s = std::move(s);
        return x;
    }
    void push(Value *v) { m_stack.push_back(v); }
    Value *pop()
    {
        if (m_stack.size() <= base())
            fail("pickle stack underflow");
        Value *v = m_stack.back();
        m_stack.pop_back();
        return v;
    }
    Value *top()
    {
        if (m_stack.size() <= base())
            fail("pickle stack underflow");
        return m_stack.back();
    }
    size_t base() const { return m_marks.empty() ? 0 : m_marks.back(); }
    std::vector<Value *> popMark()
    {
        if (m_marks.empty())
            fail("pickle MARK missing");
        const size_t b = m_marks.back();
        m_marks.pop_back();
        std::vector<Value *> items(m_stack.begin() + static_cast<std::ptrdiff_t>(b), m_stack.end());
        m_stack.resize(b);
        return items;
    }
    Value *container(Kind k)
    {
        Value *c = top();
        if (c->kind != k)
            fail(std::string("pickle adds items to a ") + kindName(c->kind) + ", not a " + kindName(k));
        return c;
    }
    void memoPut(uint64_t index) { m_memo[index] = top(); }
    Value *memoGet(uint64_t index)
    {
        const auto it = m_memo.find(index);
        if (it == m_memo.end())
            fail("pickle memo index " + std::to_string(index) + " was never stored");
        return it->second;
    }
    Value *tuple(std::vector<Value *> items)
    {
        Value *t = make(Kind::Tuple);
        t->items = std::move(items);
        return t;
    }

    Value *global(const std::string &module, const std::string &name)
    {
        const std::string full = module + "." + name;
        const bool allowed =
            full == "collections.OrderedDict" || full == "torch._utils._rebuild_tensor_v2" ||
            full == "torch._utils._rebuild_tensor" || full == "torch._utils._rebuild_parameter" ||
            full == "torch.jit._pickle.restore_type_tag" ||
            (module == "torch" && storageType(name));
        if (!allowed)
            fail("refuses pickle global " + printable(full) + " — no code runs from a model file");
        return makeString(Kind::Global, full);
    }
    static const StorageType *storageType(const std::string &name)
    {
        for (const StorageType &t : kStorageTypes)
            if (name == t.global)
                return &t;
        return nullptr;
    }

    std::vector<int64_t> ints(const Value *v, const char *what)
    {
        if (v->kind != Kind::Tuple && v->kind != Kind::List)
            fail(std::string("tensor ") + what + " is a " + kindName(v->kind) + ", not a tuple");
        if (v->items.size() > kMaxDims)
            fail(std::string("tensor ") + what + " has " + std::to_string(v->items.size()) + " dimensions");
        std::vector<int64_t> out;
        for (const Value *x : v->items) {
            if (x->kind != Kind::Int)
                fail(std::string("tensor ") + what + " holds a " + kindName(x->kind));
            out.push_back(x->i);
        }
        return out;
    }

    Value *call(const Value *callable, const Value *args)
    {
        if (callable->kind != Kind::Global)
            fail(std::string("pickle calls a ") + kindName(callable->kind));
        if (args->kind != Kind::Tuple)
            fail("pickle call arguments are not a tuple");
        const std::vector<Value *> &a = args->items;
        const std::string &f = callable->s;
        if (f == "collections.OrderedDict" && a.empty())
            return make(Kind::Dict);
        if ((f == "torch._utils._rebuild_tensor_v2" && (a.size() == 6 || a.size() == 7)) ||
            (f == "torch._utils._rebuild_tensor" && a.size() == 4)) {
            if (a[0]->kind != Kind::Storage || a[1]->kind != Kind::Int)
                fail("malformed tensor record (" + f + ")");
            Value *t = make(Kind::Tensor);
            t->storage = a[0]->storage;
            t->i = a[1]->i;
            t->size = ints(a[2], "size");
            t->stride = ints(a[3], "stride");
            if (t->size.size() != t->stride.size())
                fail("tensor size and stride differ in length");
            return t;
        }
        if (f == "torch._utils._rebuild_parameter" && a.size() == 3 && a[0]->kind == Kind::Tensor)
            return a[0];
        // libtorch's writer (torch::save, torch::pickle_save) tags a dict with its type, e.g. "Dict[str, Tensor]"
        if (f == "torch.jit._pickle.restore_type_tag" && a.size() == 2 &&
            (a[0]->kind == Kind::Dict || a[0]->kind == Kind::List) && a[1]->kind == Kind::String)
            return a[0];
        return fail("refuses to call " + printable(f) + " with these arguments — no code runs from a model file");
    }

    void step(uint8_t op, size_t at)
    {
        switch (op) {
        case 0x80: // PROTO
            if (byte() > 5)
                fail("pickle protocol newer than 5");
            break;
        case 0x95: // FRAME: a length hint only
            (void)le(8);
            break;
        case '(': // MARK
            if (m_marks.size() >= kMaxMarks)
                fail("pickle nests deeper than " + std::to_string(kMaxMarks) + " levels");
            m_marks.push_back(m_stack.size());
            break;
        case '0': pop(); break;
        case '1': (void)popMark(); break;
        case '2': push(top()); break;
        case 'N': push(make(Kind::None)); break;
        case 0x88: push(makeInt(Kind::Bool, 1)); break;
        case 0x89: push(makeInt(Kind::Bool, 0)); break;
        case 'J': push(makeInt(Kind::Int, static_cast<int32_t>(le(4)))); break;
        case 'K': push(makeInt(Kind::Int, byte())); break;
        case 'M': push(makeInt(Kind::Int, static_cast<int64_t>(le(2)))); break;
        case 0x8a: { // LONG1: two's complement, little-endian
            const uint8_t n = byte();
            if (n > 8)
                fail("integer of " + std::to_string(n) + " bytes is too large");
            uint64_t v = n ? le(n) : 0;
            if (n > 0 && n < 8 && (v >> (8 * n - 1)) & 1)
                v |= ~uint64_t(0) << (8 * n);
            push(makeInt(Kind::Int, static_cast<int64_t>(v)));
            break;
        }
        case 'G': // BINFLOAT: no float matters to a state dict
            (void)need(8);
            push(make(Kind::Float));
            break;
        case 'X': push(makeString(Kind::String, bytes(le(4)))); break;
        case 0x8c: push(makeString(Kind::String, bytes(byte()))); break;
        case 0x8d: push(makeString(Kind::String, bytes(le(8)))); break;
        case 'T': push(makeString(Kind::String, bytes(le(4)))); break;
        case 'U': push(makeString(Kind::String, bytes(byte()))); break;
        case 'B': push(makeString(Kind::Bytes, bytes(le(4)))); break;
        case 'C': push(makeString(Kind::Bytes, bytes(byte()))); break;
        case 0x8e: push(makeString(Kind::Bytes, bytes(le(8)))); break;
        case ')': push(tuple({})); break;
        case 't': push(tuple(popMark())); break;
        case 0x85: { Value *a = pop(); push(tuple({a})); break; }
        case 0x86: { Value *b = pop(), *a = pop(); push(tuple({a, b})); break; }
        case 0x87: { Value *c = pop(), *b = pop(), *a = pop(); push(tuple({a, b, c})); break; }
        case ']': push(make(Kind::List)); break;
        case 'l': { Value *l = make(Kind::List); l->items = popMark(); push(l); break; }
        case 'a': { Value *v = pop(); container(Kind::List)->items.push_back(v); break; }
        case 'e': {
            std::vector<Value *> items = popMark();
            Value *l = container(Kind::List);
            l->items.insert(l->items.end(), items.begin(), items.end());
            break;
        }
        case '}': push(make(Kind::Dict)); break;
        case 'd': case 'u': {
            std::vector<Value *> items = popMark();
            if (items.size() % 2)
                fail("pickle dict has a key without a value");
            Value *d = op == 'd' ? make(Kind::Dict) : container(Kind::Dict);
            d->items.insert(d->items.end(), items.begin(), items.end());
            if (op == 'd')
                push(d);
            break;
        }
        case 's': {
            Value *v = pop(), *k = pop();
            Value *d = container(Kind::Dict);
            d->items.push_back(k);
            d->items.push_back(v);
            break;
        }
        case 'q': memoPut(byte()); break;
        case 'r': memoPut(le(4)); break;
        case 0x94: memoPut(m_memo.size()); break;
        case 'h': push(memoGet(byte())); break;
        case 'j': push(memoGet(le(4))); break;
        case 'c': {
            const std::string module = line();
            push(global(module, line()));
            break;
        }
        case 0x93: { // STACK_GLOBAL
            Value *name = pop(), *module = pop();
            if (module->kind != Kind::String || name->kind != Kind::String)
                fail("pickle STACK_GLOBAL names are not strings");
            push(global(module->s, name->s));
            break;
        }
        case 'R': {
            Value *args = pop(), *callable = pop();
            push(call(callable, args));
            break;
        }
        case 'b': { // BUILD: an OrderedDict's attributes (a state dict's _metadata) mean nothing here
            Value *state = pop();
            Value *obj = top();
            if (obj->kind != Kind::Dict || (state->kind != Kind::Dict && state->kind != Kind::None))
                fail(std::string("refuses to set the state of a ") + kindName(obj->kind) +
                     " — no code runs from a model file");
            break;
        }
        case 'Q': { // BINPERSID: torch's storage references
            const Value *pid = pop();
            const auto &f = pid->items;
            if (pid->kind != Kind::Tuple || f.size() != 5 || f[0]->kind != Kind::String || f[0]->s != "storage" ||
                f[1]->kind != Kind::Global || f[2]->kind != Kind::String || f[4]->kind != Kind::Int)
                fail("unknown persistent id (not a torch storage reference)");
            const StorageType *type = storageType(f[1]->s.substr(f[1]->s.rfind('.') + 1));
            if (!type)
                fail("persistent id names " + printable(f[1]->s) + ", not a storage type");
            Value *s = make(Kind::Storage);
            s->storage = m_resolve(f[2]->s, *type, f[4]->i);
            push(s);
            break;
        }
        default: {
            static const char hex[] = "0123456789abcdef";
            fail(std::string("unsupported pickle opcode 0x") + hex[op >> 4] + hex[op & 15] + " at byte " +
                 std::to_string(at) + " (a state dict needs only containers and tensors)");
        }
        }
    }

    const uint8_t *m_p;
    size_t m_size;
    size_t m_pos = 0;
    std::string m_where;
    StorageResolver m_resolve;
    std::vector<std::unique_ptr<Value>> m_arena;
    std::vector<Value *> m_stack;
    std::vector<size_t> m_marks;
    std::unordered_map<uint64_t, Value *> m_memo;
};

bool mulOk(int64_t a, int64_t b, int64_t *out) { return !__builtin_mul_overflow(a, b, out); }

// The tensor's bytes: a view into its storage when it is laid out densely, else a dense copy.
TensorView tensorView(const std::string &name, const Value &t, const std::string &where, TorchTensors &out)
{
    const Storage &s = *t.storage;
    const std::string what = where + ": tensor '" + printable(name) + "'";
    TensorView v;
    v.name = name;
    v.file = where;
    v.dtype = s.type->dtype;
    v.dtypeText = s.type->text;
    const auto es = static_cast<int64_t>(s.type->elemSize);
    v.shape = t.size;
    const std::vector<int64_t> &stride = t.stride;
    const int64_t offset = t.i;
    if (offset < 0)
        throw FormatError(what + ": negative storage offset " + std::to_string(offset));
    int64_t numel = 1, last = offset; // the furthest element it reaches
    for (size_t i = 0; i < v.shape.size(); ++i) {
        if (v.shape[i] < 0 || stride[i] < 0)
            throw FormatError(what + ": negative size or stride");
        int64_t reach = 0;
        if (!mulOk(numel, v.shape[i], &numel) || (v.shape[i] > 0 && !mulOk(v.shape[i] - 1, stride[i], &reach)) ||
            __builtin_add_overflow(last, reach, &last) || numel > (int64_t(1) << 48))
            throw FormatError(what + ": size is too large");
    }
    if (numel > 0 && last >= s.numel)
        throw FormatError(what + ": reaches element " + std::to_string(last) + " of storage '" + printable(s.key) +
                          "', which holds " + std::to_string(s.numel));
    v.nbytes = static_cast<size_t>(numel * es);
    if (numel == 0)
        return v;
    bool dense = true;
    for (size_t i = v.shape.size(), expect = 1; i-- > 0;) {
        if (v.shape[i] != 1 && stride[i] != static_cast<int64_t>(expect))
            dense = false;
        expect *= static_cast<size_t>(v.shape[i]);
    }
    const uint8_t *src = s.data + offset * es;
    if (dense && reinterpret_cast<uintptr_t>(src) % static_cast<uintptr_t>(es) == 0) {
        v.data = src;
        return v;
    }
    auto copy = std::make_shared<std::vector<uint8_t>>(v.nbytes);
    std::vector<int64_t> index(v.shape.size(), 0);
    for (int64_t n = 0; n < numel; ++n) {
        int64_t e = offset;
        for (size_t i = 0; i < index.size(); ++i)
            e += index[i] * stride[i];
        std::memcpy(copy->data() + n * es, s.data + e * es, static_cast<size_t>(es));
        for (size_t i = index.size(); i-- > 0;) {
            if (++index[i] < v.shape[i])
                break;
            index[i] = 0;
        }
    }
    v.data = copy->data();
    out.copies.push_back(std::move(copy));
    return v;
}

} // namespace

TorchTensors readTorchArchive(const uint8_t *data, size_t size, const std::string &name)
{
    if (size >= 2 && data[0] == 0x80 && data[1] <= 5)
        throw FormatError(name + ": a PyTorch checkpoint in the legacy format (saved before torch 1.6 or with "
                                 "_use_new_zipfile_serialization=False), which is not supported; re-save it "
                                 "with a current torch or convert it to safetensors");
    if (!looksLikeZip(data, size))
        throw FormatError(name + ": not a PyTorch checkpoint (neither a zip archive nor a pickle)");
    const std::map<std::string, ZipEntry> entries = readStoredZip(data, size, name);
    std::string prefix;
    const ZipEntry *pkl = nullptr;
    for (const auto &[entry, z] : entries) {
        const size_t slash = entry.find('/');
        if (slash == std::string::npos || entry.compare(slash, std::string::npos, "/data.pkl") != 0)
            continue;
        if (pkl)
            throw FormatError(name + ": more than one data.pkl in the archive");
        prefix = entry.substr(0, slash + 1);
        pkl = &z;
    }
    if (!pkl)
        throw FormatError(name + ": no data.pkl in the archive (not a torch.save checkpoint)");
    if (const auto bo = entries.find(prefix + "byteorder"); bo != entries.end() &&
        std::string(reinterpret_cast<const char *>(bo->second.data), bo->second.size) != "little")
        throw FormatError(name + ": saved on a big-endian machine, which is not supported");

    std::map<std::string, ZipEntry> storageEntries;
    const std::string dataDir = prefix + "data/";
    for (const auto &[entry, z] : entries)
        if (entry.compare(0, dataDir.size(), dataDir) == 0)
            storageEntries.emplace(entry.substr(dataDir.size()), z);
    return readStateDictPickle(pkl->data, pkl->size, storageEntries, name);
}

TorchTensors readStateDictPickle(const uint8_t *pickle, size_t size, const std::map<std::string, ZipEntry> &entries,
                                 const std::string &name)
{
    std::map<std::string, Storage> storages;
    auto resolve = [&](const std::string &key, const StorageType &type, int64_t numel) -> const Storage * {
        const std::string what = name + ": storage '" + printable(key) + "'";
        if (const auto it = storages.find(key); it != storages.end()) {
            if (it->second.type != &type || it->second.numel != numel)
                throw FormatError(what + " is referenced with two different types or sizes");
            return &it->second;
        }
        const auto e = entries.find(key);
        if (e == entries.end())
            throw FormatError(what + " has no entry data/" + printable(key) + " in the archive");
        const auto es = static_cast<int64_t>(type.elemSize);
        if (numel < 0 || numel > static_cast<int64_t>(e->second.size) / es)
            throw FormatError(what + " claims " + std::to_string(numel) + " elements of " + std::to_string(es) +
                              " bytes but its entry holds " + std::to_string(e->second.size) + " bytes");
        return &(storages[key] = Storage{&type, e->second.data, numel, key});
    };
    Unpickler u(pickle, size, name + ": data.pkl", resolve);
    const Value *root = u.run();
    if (root->kind != Kind::Dict)
        throw FormatError(name + ": holds a " + std::string(kindName(root->kind)) + ", not a state dict");
    TorchTensors out;
    for (size_t i = 0; i + 1 < root->items.size(); i += 2) {
        const Value *k = root->items[i], *v = root->items[i + 1];
        if (v->kind != Kind::Tensor)
            continue; // e.g. a training step count saved beside the weights
        if (k->kind != Kind::String)
            throw FormatError(name + ": a tensor's name is a " + std::string(kindName(k->kind)));
        out.tensors[k->s] = tensorView(k->s, *v, name, out);
    }
    if (out.tensors.empty())
        throw FormatError(name + ": the state dict holds no tensors");
    return out;
}

SafeTensors openTorchFile(const std::string &path)
{
    auto file = std::make_shared<MappedFile>(path);
    TorchTensors t = readTorchArchive(file->data(), file->size(), path);
    t.copies.push_back(std::move(file));
    return SafeTensors::fromTensors(std::move(t.tensors), std::move(t.copies));
}

SafeTensors openTorchIndex(const std::string &indexPath) { return SafeTensors::openIndex(indexPath, &openTorchFile); }

} // namespace gc::io
