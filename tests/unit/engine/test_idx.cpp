// Tests of the IDX reader (engine/data/idx.h): every rejection with its own
// malformed input, built here in memory (and written to temporary files for the
// file-based reader), plus a real read of MNIST from the cache
// (a missing cache fails the test).
#include <doctest.h>

#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "engine/data/idx.h"
#include "engine/util/rng.h"

using namespace nnplay;

namespace {

using Bytes = std::vector<uint8_t>;

void put_be32(Bytes& b, uint32_t v) {
    b.push_back(uint8_t(v >> 24));
    b.push_back(uint8_t(v >> 16));
    b.push_back(uint8_t(v >> 8));
    b.push_back(uint8_t(v));
}

// An IDX image file: header announcing count x rows x cols, then `payload`
// bytes of pixels (defaulting to exactly what the header announces).
Bytes images_file(uint32_t count, uint32_t rows, uint32_t cols, long long payload = -1,
                  uint32_t magic = 0x803) {
    Bytes b;
    put_be32(b, magic);
    put_be32(b, count);
    put_be32(b, rows);
    put_be32(b, cols);
    if (payload < 0) payload = static_cast<long long>(count) * rows * cols;
    for (long long i = 0; i < payload; ++i) b.push_back(uint8_t((i * 37) % 256));
    return b;
}

Bytes labels_file(uint32_t count, long long payload = -1, uint32_t magic = 0x801) {
    Bytes b;
    put_be32(b, magic);
    put_be32(b, count);
    if (payload < 0) payload = count;
    for (long long i = 0; i < payload; ++i) b.push_back(uint8_t(i % 10));
    return b;
}

std::string parse(const Bytes& im, const Bytes& lb, Dataset& d, int max_count = 0) {
    return parse_idx_pair(im.data(), im.size(), lb.data(), lb.size(), d, max_count);
}

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

// A file in a fresh temporary folder, removed at the end of the test.
struct TempFile {
    std::string path;
    explicit TempFile(const std::string& name, const Bytes& content) {
        const char* tmp = std::getenv("TMPDIR");
        static unsigned counter = 0;
        auto ticks = std::chrono::steady_clock::now().time_since_epoch().count();
        std::string dir = std::string(tmp && *tmp ? tmp : "/tmp") + "/nnplay-idx-" +
                          std::to_string(static_cast<unsigned long long>(ticks)) + "-" +
                          std::to_string(counter++);
        ::mkdir(dir.c_str(), 0700);
        path = dir + "/" + name;
        std::FILE* f = std::fopen(path.c_str(), "wb");
        REQUIRE(f != nullptr);
        if (!content.empty())
            REQUIRE(std::fwrite(content.data(), 1, content.size(), f) == content.size());
        std::fclose(f);
    }
    ~TempFile() {
        std::remove(path.c_str());
        std::remove(path.substr(0, path.rfind('/')).c_str());
    }
};

// A dataset that must survive a failed load unchanged.
Dataset sentinel() {
    Dataset d;
    d.count = 1;
    d.rows = 1;
    d.cols = 2;
    d.dim = 2;
    d.pixels = {0.25f, 0.75f};
    d.labels = {3};
    return d;
}

void check_untouched(const Dataset& d) {
    CHECK(d.count == 1);
    CHECK(d.dim == 2);
    REQUIRE(d.pixels.size() == 2);
    CHECK(d.pixels[1] == 0.75f);
    REQUIRE(d.labels.size() == 1);
    CHECK(d.labels[0] == 3);
}

}  // namespace

TEST_CASE("idx: a well-formed pair is read, pixels scaled to [0,1]") {
    Bytes im = images_file(5, 3, 4);
    im[16] = 0;    // first pixel
    im[17] = 255;  // second pixel
    Bytes lb = labels_file(5);
    lb[8 + 4] = 9;
    Dataset d;
    REQUIRE(parse(im, lb, d) == "");
    CHECK(d.count == 5);
    CHECK(d.rows == 3);
    CHECK(d.cols == 4);
    CHECK(d.dim == 12);
    REQUIRE(d.pixels.size() == 60);
    CHECK(d.pixels[0] == 0.0f);
    CHECK(d.pixels[1] == 1.0f);
    for (std::size_t k = 2; k < d.pixels.size(); ++k)
        CHECK(d.pixels[k] == static_cast<float>(im[16 + k]) / 255.0f);
    REQUIRE(d.labels.size() == 5);
    CHECK(d.labels[0] == 0);
    CHECK(d.labels[3] == 3);
    CHECK(d.labels[4] == 9);
    CHECK(d.image(2) == d.pixels.data() + 24);

    SUBCASE("max_count keeps the first samples only") {
        Dataset h;
        REQUIRE(parse(im, lb, h, 2) == "");
        CHECK(h.count == 2);
        CHECK(h.pixels.size() == 24);
        CHECK(h.labels.size() == 2);
        CHECK(h.pixels[23] == d.pixels[23]);
        Dataset all;
        REQUIRE(parse(im, lb, all, 99) == "");  // more than there is: all of them
        CHECK(all.count == 5);
    }
}

TEST_CASE("idx: rejections, each with its own malformed input") {
    Dataset d = sentinel();
    const Bytes good_im = images_file(4, 2, 3), good_lb = labels_file(4);
    std::string err;

    SUBCASE("wrong magic") {
        err = parse(images_file(4, 2, 3, -1, 0x801), good_lb, d);
        CHECK(contains(err, "images: not an IDX image file: the magic number is 0x00000801"));
        CHECK(contains(err, "0x00000803 was expected"));
        CHECK(contains(err, "looks like a label file"));
        err = parse(good_im, labels_file(4, -1, 0x12345678), d);
        CHECK(contains(err, "labels: not an IDX label file: the magic number is 0x12345678"));
    }
    SUBCASE("gzip-compressed input") {
        Bytes gz = good_im;
        gz[0] = 0x1f;
        gz[1] = 0x8b;
        err = parse(gz, good_lb, d);
        CHECK(contains(err, "gzip"));
    }
    SUBCASE("truncated header") {
        Bytes im(good_im.begin(), good_im.begin() + 10);
        err = parse(im, good_lb, d);
        CHECK(contains(err, "images: truncated header: the file has 10 bytes"));
        CHECK(contains(err, "16 bytes"));
        Bytes lb(good_lb.begin(), good_lb.begin() + 7);
        err = parse(good_im, lb, d);
        CHECK(contains(err, "labels: truncated header: the file has 7 bytes"));
    }
    SUBCASE("truncated payload") {
        err = parse(images_file(4, 2, 3, 23), good_lb, d);
        CHECK(err ==
              "images: truncated: the header announces 4 images of 2x3 (40 bytes) "
              "but the file has 39 bytes");
        err = parse(good_im, labels_file(4, 3), d);
        CHECK(contains(err, "labels: truncated: the header announces 4 labels (12 bytes)"));
    }
    SUBCASE("extra bytes") {
        err = parse(images_file(4, 2, 3, 26), good_lb, d);
        CHECK(contains(err, "images: unexpected extra data"));
        CHECK(contains(err, "(2 too many)"));
        err = parse(good_im, labels_file(4, 5), d);
        CHECK(contains(err, "labels: unexpected extra data"));
    }
    SUBCASE("image and label counts differ") {
        err = parse(good_im, labels_file(3), d);
        CHECK(contains(err, "do not match"));
        CHECK(contains(err, "4 images"));
        CHECK(contains(err, "3 labels"));
    }
    SUBCASE("zero dimensions") {
        err = parse(images_file(4, 0, 3), good_lb, d);
        CHECK(contains(err, "images of 0x3 pixels; each side must be 1 to 4096"));
        err = parse(images_file(4, 3, 0), good_lb, d);
        CHECK(contains(err, "each side must be 1 to 4096"));
        err = parse(images_file(0, 2, 3), labels_file(0), d);
        CHECK(contains(err, "announces 0 images"));
        err = parse(good_im, labels_file(0), d);
        CHECK(contains(err, "announces 0 labels"));
    }
    SUBCASE("absurd dimensions and counts are rejected before any allocation") {
        // 70000x70000 with only a header behind it.
        err = parse(images_file(1, 70000, 70000, 0), labels_file(1), d);
        CHECK(contains(err, "images of 70,000x70,000 pixels; each side must be 1 to 4096"));
        // 4 billion images of 4096x4096 announced by a 16-byte file: the size check
        // fires (the reader would otherwise need petabytes).
        err = parse(images_file(0xFFFFFFFFu, 4096, 4096, 0), labels_file(1), d);
        CHECK(contains(err, "at most 2,147,483,647 are supported"));
        err = parse(images_file(0x7FFFFFFFu, 4096, 4096, 0), labels_file(1), d);
        CHECK(contains(err, "truncated: the header announces 2,147,483,647 images of 4096x4096"));
        CHECK(contains(err, "but the file has 16 bytes"));
    }
    SUBCASE("empty input") {
        err = parse(Bytes{}, good_lb, d);
        CHECK(contains(err, "images: empty file (0 bytes)"));
        err = parse(good_im, Bytes{}, d);
        CHECK(contains(err, "labels: empty file (0 bytes)"));
    }
    SUBCASE("a label that is not a digit") {
        Bytes lb = good_lb;
        lb[8 + 2] = 12;
        err = parse(good_im, lb, d);
        CHECK(contains(err, "labels: the label at index 2 is 12; labels must be digits 0 to 9"));
    }
    REQUIRE(!err.empty());
    check_untouched(d);
}

TEST_CASE("idx: files: messages name the file, sizes are checked before reading") {
    Dataset d = sentinel();
    SUBCASE("the brief's example: a truncated test-images file") {
        Bytes im = images_file(10000, 28, 28, 5000000 - 16);
        TempFile imf("t10k-images-idx3-ubyte", im);
        TempFile lbf("t10k-labels-idx1-ubyte", labels_file(10000));
        std::string err = load_idx_pair(imf.path, lbf.path, d);
        CHECK(err == imf.path +
                         ": truncated: the header announces 10,000 images of 28x28 "
                         "(7,840,016 bytes) but the file has 5,000,000 bytes");
    }
    SUBCASE("missing file") {
        TempFile lbf("labels", labels_file(3));
        std::string missing = lbf.path + "-does-not-exist";
        std::string err = load_idx_pair(missing, lbf.path, d);
        CHECK(contains(err, missing + ": cannot open"));
        err = load_idx_pair(lbf.path, missing, d);
        CHECK(contains(err, missing + ": cannot open"));
    }
    SUBCASE("a folder instead of a file") {
        TempFile lbf("labels", labels_file(3));
        std::string dir = lbf.path.substr(0, lbf.path.rfind('/'));
        std::string err = load_idx_pair(dir, lbf.path, d);
        CHECK(contains(err, dir + ": is a folder"));
    }
    SUBCASE("empty file") {
        TempFile imf("images", Bytes{}), lbf("labels", labels_file(3));
        std::string err = load_idx_pair(imf.path, lbf.path, d);
        CHECK(err == imf.path +
                         ": empty file (0 bytes); expected an IDX image file starting "
                         "with the magic number 0x00000803");
    }
    SUBCASE("header only, absurd dimensions") {
        TempFile imf("images", images_file(70000, 70000, 70000, 0)), lbf("labels", labels_file(3));
        CHECK(contains(load_idx_pair(imf.path, lbf.path, d),
                       imf.path + ": the header announces images of 70,000x70,000"));
    }
    SUBCASE("extra bytes, wrong magic, truncated header, count mismatch, bad label") {
        TempFile extra("images", images_file(3, 2, 2, 13)), lbf("labels", labels_file(3));
        CHECK(contains(load_idx_pair(extra.path, lbf.path, d),
                       extra.path + ": unexpected extra data"));
        TempFile swapped("images", labels_file(3));
        CHECK(contains(load_idx_pair(swapped.path, lbf.path, d), "looks like a label file"));
        TempFile shorthead("labels", Bytes{0, 0, 8, 1, 0});
        TempFile im("images", images_file(3, 2, 2));
        CHECK(contains(load_idx_pair(im.path, shorthead.path, d),
                       shorthead.path + ": truncated header: the file has 5 bytes"));
        TempFile four("labels", labels_file(4));
        std::string err = load_idx_pair(im.path, four.path, d);
        CHECK(contains(err, im.path + " has 3 images but " + four.path + " has 4 labels"));
        Bytes badlb = labels_file(3);
        badlb.back() = 200;
        TempFile bad("labels", badlb);
        CHECK(contains(load_idx_pair(im.path, bad.path, d),
                       bad.path + ": the label at index 2 is 200"));
    }
    check_untouched(d);

    SUBCASE("a good pair with max_count reads the first samples") {
        Bytes im = images_file(6, 2, 2);
        TempFile imf("images", im), lbf("labels", labels_file(6));
        Dataset all, head;
        REQUIRE(load_idx_pair(imf.path, lbf.path, all) == "");
        REQUIRE(load_idx_pair(imf.path, lbf.path, head, 4) == "");
        CHECK(all.count == 6);
        CHECK(head.count == 4);
        CHECK(head.labels[3] == 3);
        CHECK(all.pixels[23] == im[16 + 23] / 255.0f);
        for (int k = 0; k < 16; ++k) CHECK(head.pixels[k] == all.pixels[k]);
    }
}

TEST_CASE("idx: load_mnist_dir rejects a missing folder with a hint") {
    Dataset tr = sentinel(), te = sentinel();
    std::string err = load_mnist_dir("/nonexistent-nnplay-folder", tr, te);
    CHECK(contains(err, "/nonexistent-nnplay-folder: no such folder"));
    CHECK(contains(err, "t10k-images-idx3-ubyte"));
    check_untouched(tr);
    check_untouched(te);
}

TEST_CASE("idx: the real MNIST (the bootstrap's cache)") {
    struct stat st;
    const std::string dir = NNPLAY_MNIST_DIR;
    // Never skipped: without the data this fails and says how to get it.
    REQUIRE_MESSAGE(::stat((dir + "/t10k-labels-idx1-ubyte").c_str(), &st) == 0,
                    "MNIST not found in " << dir << " (scripts/bootstrap.sh fetches it)");
    Dataset train, test;
    REQUIRE(load_mnist_dir(dir, train, test) == "");
    CHECK(train.count == 60000);
    CHECK(test.count == 10000);
    CHECK(train.rows == 28);
    CHECK(train.cols == 28);
    CHECK(train.dim == 784);
    CHECK(train.pixels.size() == 60000u * 784u);
    CHECK(test.labels.size() == 10000u);
    CHECK(train.labels[0] == 5);
    CHECK(test.labels[0] == 7);
    float lo = 1, hi = 0;
    for (float p : test.pixels) {
        lo = p < lo ? p : lo;
        hi = p > hi ? p : hi;
    }
    CHECK(lo == 0.0f);
    CHECK(hi == 1.0f);
    int counts[10] = {};
    for (uint8_t l : train.labels) counts[l]++;
    for (int c = 0; c < 10; ++c) CHECK(counts[c] > 5000);  // every digit is well represented

    Dataset small_train, small_test;
    REQUIRE(load_mnist_dir(dir, small_train, small_test, 10000, 2000) == "");
    CHECK(small_train.count == 10000);
    CHECK(small_test.count == 2000);
    CHECK(small_test.labels[1999] == test.labels[1999]);
    CHECK(small_train.pixels[10000u * 784u - 1] == train.pixels[10000u * 784u - 1]);
}

TEST_CASE("idx: random damage to the headers never crashes and never half-loads") {
    const Bytes good_im = images_file(7, 5, 3), good_lb = labels_file(7);
    Mulberry32 rng(99);
    int rejected = 0;
    for (int trial = 0; trial < 3000; ++trial) {
        Bytes im = good_im, lb = good_lb;
        Bytes& target = rng.next_below(2) ? im : lb;
        const int flips = 1 + static_cast<int>(rng.next_below(3));
        for (int f = 0; f < flips; ++f) {
            const std::size_t at = rng.next_below(&target == &im ? 16u : 8u);
            target[at] = static_cast<uint8_t>(rng.next_u32());
        }
        if (rng.next_below(4) == 0)
            target.resize(rng.next_below(static_cast<uint32_t>(target.size() + 1)));
        Dataset d = sentinel();
        const std::string err = parse(im, lb, d);
        if (err.empty()) {
            CHECK(d.pixels.size() == static_cast<std::size_t>(d.count) * d.dim);
            CHECK(d.labels.size() == static_cast<std::size_t>(d.count));
        } else {
            ++rejected;
            check_untouched(d);
        }
    }
    CHECK(rejected > 2500);
}
