// idx.cpp: the IDX reader (see idx.h). Written by hand: the format is four
// big-endian header words and a byte payload, and no packaged library reads it
// with the checks the playground needs (bounded reads, messages for students).
//
// Reading a file never trusts the header: the header (16 or 8 bytes) is read
// first and checked against the file's size, and only then is the payload read,
// and only the part that max_count keeps.
#include "engine/data/idx.h"

#include <sys/stat.h>

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <utility>

#include "engine/util/number_text.h"

namespace nnplay {
namespace {

constexpr uint32_t kImagesMagic = 0x00000803;  // unsigned byte, 3 dimensions
constexpr uint32_t kLabelsMagic = 0x00000801;  // unsigned byte, 1 dimension
constexpr uint32_t kMaxSide = 4096;            // per image axis
constexpr std::size_t kImagesHeader = 16;
constexpr std::size_t kLabelsHeader = 8;

uint32_t be32(const uint8_t* p) {
    return (uint32_t(p[0]) << 24) | (uint32_t(p[1]) << 16) | (uint32_t(p[2]) << 8) | uint32_t(p[3]);
}

std::string hex32(uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08X", v);
    return buf;
}

struct IdxHeader {
    bool images = true;
    uint32_t count = 0;
    uint32_t rows = 1, cols = 1;   // 1 x 1 for labels
    std::size_t header_bytes = 0;  // 16 or 8
    uint64_t payload_bytes = 0;    // count * rows * cols
};

const char* what_file(bool images) {
    return images ? "IDX image file" : "IDX label file";
}

// Checks the header (the first `avail` bytes of a file of `total` bytes) and
// that the file's size is exactly what the header announces. "" or a message.
std::string check_header(const uint8_t* p, std::size_t avail, uint64_t total, bool images,
                         IdxHeader& h) {
    h = IdxHeader{};
    h.images = images;
    h.header_bytes = images ? kImagesHeader : kLabelsHeader;
    const uint32_t magic_expected = images ? kImagesMagic : kLabelsMagic;
    if (total == 0)
        return std::string("empty file (0 bytes); expected an ") + what_file(images) +
               " starting with the magic number " + hex32(magic_expected);
    if (total >= 2 && avail >= 2 && p[0] == 0x1f && p[1] == 0x8b)
        return "this file is gzip-compressed; unpack it first (gunzip) and load the "
               "unpacked file";
    // The magic number first (when there are 4 bytes): a label file given as
    // images is then named as such rather than as a short image header.
    if (total >= 4 && avail >= 4) {
        const uint32_t magic = be32(p);
        if (magic != magic_expected) {
            std::string msg = "not an " + std::string(what_file(images)) +
                              ": the magic number is " + hex32(magic) + " where " +
                              hex32(magic_expected) + " was expected";
            if (magic == (images ? kLabelsMagic : kImagesMagic))
                msg +=
                    images ? " (this looks like a label file)" : " (this looks like an image file)";
            return msg;
        }
    }
    if (total < h.header_bytes || avail < h.header_bytes)
        return "truncated header: the file has " + thousands(total) + " bytes but an " +
               what_file(images) + " header is " + std::to_string(h.header_bytes) + " bytes";
    h.count = be32(p + 4);
    if (images) {
        h.rows = be32(p + 8);
        h.cols = be32(p + 12);
        if (h.rows < 1 || h.rows > kMaxSide || h.cols < 1 || h.cols > kMaxSide)
            return "the header announces images of " + thousands(h.rows) + "x" + thousands(h.cols) +
                   " pixels; each side must be 1 to " + std::to_string(kMaxSide);
    }
    const char* unit = images ? "images" : "labels";
    if (h.count == 0)
        return std::string("the header announces 0 ") + unit + "; at least 1 is needed";
    if (h.count > static_cast<uint32_t>(INT_MAX))
        return "the header announces " + thousands(h.count) + " " + unit + "; at most " +
               thousands(INT_MAX) + " are supported";
    h.payload_bytes = uint64_t(h.count) * h.rows * h.cols;  // < 2^31 * 2^24: no overflow
    const uint64_t expected = h.header_bytes + h.payload_bytes;
    std::string announced = "the header announces " + thousands(h.count) + " " + unit;
    if (images) announced += " of " + std::to_string(h.rows) + "x" + std::to_string(h.cols);
    announced += " (" + thousands(expected) + " bytes)";
    if (total < expected)
        return "truncated: " + announced + " but the file has " + thousands(total) + " bytes";
    if (total > expected)
        return "unexpected extra data: " + announced + " but the file has " + thousands(total) +
               " bytes (" + thousands(total - expected) + " too many)";
    return "";
}

// Builds `out` from the first n samples. pixels is (n, rows*cols), labels (n).
std::string fill(const IdxHeader& ih, const uint8_t* pixels, const uint8_t* labels, int n,
                 Dataset& out, std::string& which) {
    for (int i = 0; i < n; ++i) {
        if (labels[i] > 9) {
            which = "labels";
            return "the label at index " + thousands(i) + " is " + std::to_string(labels[i]) +
                   "; labels must be digits 0 to 9";
        }
    }
    // pixel / 255 in float32, exactly as BENCH.md's reference computes it.
    float table[256];
    for (int v = 0; v < 256; ++v) table[v] = static_cast<float>(v) / 255.0f;
    Dataset d;
    d.count = n;
    d.rows = static_cast<int>(ih.rows);
    d.cols = static_cast<int>(ih.cols);
    d.dim = d.rows * d.cols;
    const std::size_t total = static_cast<std::size_t>(n) * d.dim;
    d.pixels.resize(total);
    for (std::size_t k = 0; k < total; ++k) d.pixels[k] = table[pixels[k]];
    d.labels.assign(labels, labels + n);
    out = std::move(d);
    return "";
}

int kept(uint32_t count, int max_count) {
    int n = static_cast<int>(count);
    return (max_count > 0 && max_count < n) ? max_count : n;
}

std::string count_mismatch(const std::string& images_name, const std::string& labels_name,
                           const IdxHeader& ih, const IdxHeader& lh) {
    return "images and labels do not match: " + images_name + " has " + thousands(ih.count) +
           " images but " + labels_name + " has " + thousands(lh.count) + " labels";
}

// A file opened for bounded reading: its size is known before anything is read.
struct File {
    std::FILE* f = nullptr;
    uint64_t size = 0;
    ~File() {
        if (f) std::fclose(f);
    }
};

std::string open_file(const std::string& path, File& file) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return path + ": cannot open: " + std::strerror(errno);
    if (S_ISDIR(st.st_mode)) return path + ": is a folder, not a file";
    if (!S_ISREG(st.st_mode)) return path + ": is not a regular file";
    file.f = std::fopen(path.c_str(), "rb");
    if (!file.f) return path + ": cannot open: " + std::strerror(errno);
    file.size = static_cast<uint64_t>(st.st_size);
    return "";
}

bool read_exact(File& file, uint8_t* dst, std::size_t n) {
    return n == 0 || std::fread(dst, 1, n, file.f) == n;
}

}  // namespace

std::string parse_idx_pair(const uint8_t* images, std::size_t images_size, const uint8_t* labels,
                           std::size_t labels_size, Dataset& out, int max_count) {
    IdxHeader ih, lh;
    std::string err = check_header(images, images_size, images_size, true, ih);
    if (!err.empty()) return "images: " + err;
    err = check_header(labels, labels_size, labels_size, false, lh);
    if (!err.empty()) return "labels: " + err;
    if (ih.count != lh.count) return count_mismatch("the images", "the labels", ih, lh);
    std::string which;
    err = fill(ih, images + ih.header_bytes, labels + lh.header_bytes, kept(ih.count, max_count),
               out, which);
    return err.empty() ? err : which + ": " + err;
}

std::string load_idx_pair(const std::string& images_path, const std::string& labels_path,
                          Dataset& out, int max_count) {
    File imf, lbf;
    std::string err = open_file(images_path, imf);
    if (!err.empty()) return err;
    err = open_file(labels_path, lbf);
    if (!err.empty()) return err;

    // Headers first, checked against the files' sizes before any payload is read.
    uint8_t ihead[kImagesHeader] = {}, lhead[kLabelsHeader] = {};
    const std::size_t iavail = imf.size < kImagesHeader ? std::size_t(imf.size) : kImagesHeader;
    const std::size_t lavail = lbf.size < kLabelsHeader ? std::size_t(lbf.size) : kLabelsHeader;
    if (!read_exact(imf, ihead, iavail)) return images_path + ": read error";
    if (!read_exact(lbf, lhead, lavail)) return labels_path + ": read error";
    IdxHeader ih, lh;
    err = check_header(ihead, iavail, imf.size, true, ih);
    if (!err.empty()) return images_path + ": " + err;
    err = check_header(lhead, lavail, lbf.size, false, lh);
    if (!err.empty()) return labels_path + ": " + err;
    if (ih.count != lh.count) return count_mismatch(images_path, labels_path, ih, lh);

    // Only the samples that are kept are read.
    const int n = kept(ih.count, max_count);
    std::vector<uint8_t> pixels(static_cast<std::size_t>(n) * ih.rows * ih.cols);
    std::vector<uint8_t> labels(static_cast<std::size_t>(n));
    if (!read_exact(imf, pixels.data(), pixels.size()))
        return images_path + ": read error (the file changed while reading?)";
    if (!read_exact(lbf, labels.data(), labels.size()))
        return labels_path + ": read error (the file changed while reading?)";
    std::string which;
    err = fill(ih, pixels.data(), labels.data(), n, out, which);
    return err.empty() ? err : (which == "labels" ? labels_path : images_path) + ": " + err;
}

namespace {

// Both MNIST loaders: the test files always, the training files when `train` is given.
std::string load_mnist(const std::string& dir, Dataset* train, Dataset& test, int max_train, int max_test) {
    struct stat st;
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        return dir + ": no such folder; MNIST is expected there as " +
               (train ? "train-images-idx3-ubyte, train-labels-idx1-ubyte, " : "") +
               "t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte "
               "(scripts/bootstrap.sh fetches them into .cache/mnist)";
    std::string base = dir;
    if (!base.empty() && base.back() != '/') base += '/';
    // Every set is loaded before any output changes.
    Dataset tr, te;
    std::string err;
    if (train) {
        err = load_idx_pair(base + "train-images-idx3-ubyte", base + "train-labels-idx1-ubyte", tr, max_train);
        if (!err.empty()) return err;
    }
    err = load_idx_pair(base + "t10k-images-idx3-ubyte", base + "t10k-labels-idx1-ubyte", te, max_test);
    if (!err.empty()) return err;
    if (train && tr.dim != te.dim)
        return dir + ": training images are " + std::to_string(tr.rows) + "x" + std::to_string(tr.cols) +
               " but test images are " + std::to_string(te.rows) + "x" + std::to_string(te.cols);
    if (train) *train = std::move(tr);
    test = std::move(te);
    return "";
}

}  // namespace

std::string load_mnist_dir(const std::string& dir, Dataset& train, Dataset& test, int max_train,
                           int max_test) {
    return load_mnist(dir, &train, test, max_train, max_test);
}

std::string load_mnist_test_dir(const std::string& dir, Dataset& test, int max_test) {
    return load_mnist(dir, nullptr, test, 0, max_test);
}

std::string default_mnist_dir() {
    const char* env = std::getenv("NNPLAY_DATA");
    if (env && *env) return env;
#ifdef NNPLAY_DEFAULT_DATA_DIR
    return NNPLAY_DEFAULT_DATA_DIR;  // the build's bootstrap cache (engine/engine.cmake)
#else
    return "./.cache/mnist";
#endif
}

}  // namespace nnplay
